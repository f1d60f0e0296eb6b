import type { ChannelAddressing } from './notification-channel';

export const EMAIL_CHANNEL = 'email';

/** E-mail reaches a user who has an address that has not hard-bounced. */
export const emailAddressing: ChannelAddressing = {
  id: EMAIL_CHANNEL,
  rich: true,
  addressOf: (user) => (user.email && user.emailBounced !== user.email ? user.email : null),
};
