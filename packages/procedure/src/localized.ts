/** Text in the two UI languages; Vietnamese is the default. */
export interface Localized {
  vi: string;
  en: string;
}
