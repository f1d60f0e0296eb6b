import { writeTransaction } from '@chibo/host';
import type { ChiboConfig } from '@chibo/config';
import { listNotices, listUndelivered, markNoticesRead, notificationSettingsInput, ownsNotice, readSettings, saveSettings, unreadCount, type NotificationSettingsInput } from '@chibo/notifications';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { Roles } from '../auth/roles.decorator';
import { NotFoundError } from '../common/errors';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { InjectConfig } from '../common/config.token';
import { verificationOf } from './notification-delivery';
import { ProcedureEngine } from '../engine/procedure-engine';

const listQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  offset: z.coerce.number().int().min(0).optional(),
});

const markReadBody = z.object({ ids: z.array(z.string().min(1).max(36)).max(500).optional() }).strict();

/** The signed-in user's notice board (the bell), their e-mail and preferences; for admins, undelivered messages. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly ds: DataSource,
    private readonly engine: ProcedureEngine,
    @InjectConfig() private readonly config: ChiboConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My notices, newest first (unread=true for the unread ones), with the unread count' })
  async list(@CurrentUser() user: AuthUser, @Query(new ZodValidationPipe(listQuery)) query: z.infer<typeof listQuery>) {
    const items = await listNotices(this.ds.manager, user.id, { unread: query.unread === 'true', ...(query.limit ? { limit: query.limit } : {}), ...(query.offset ? { offset: query.offset } : {}) });
    return { unread: await unreadCount(this.ds.manager, user.id), items };
  }

  @Get('unread-count')
  @ApiOperation({ summary: 'How many of my notices I have not read (the bell)' })
  async count(@CurrentUser() user: AuthUser) {
    return { unread: await unreadCount(this.ds.manager, user.id) };
  }

  @Post('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark my notices read: the ids given, or all of them' })
  async markRead(@CurrentUser() user: AuthUser, @Body({ schema: markReadBody }) body: z.infer<typeof markReadBody>) {
    const marked = await writeTransaction(this.ds, (m) => markNoticesRead(m, user.id, this.engine.clock.now(), body.ids));
    return { marked, unread: await unreadCount(this.ds.manager, user.id) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of my notices read (404 for a notice that is not mine)' })
  async markOneRead(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    if (!(await ownsNotice(this.ds.manager, user.id, id))) throw new NotFoundError(`Không tìm thấy thông báo ${id}`).worded('notice-not-found', { notice: id });
    await writeTransaction(this.ds, (m) => markNoticesRead(m, user.id, this.engine.clock.now(), [id]));
    return { id, read: true, unread: await unreadCount(this.ds.manager, user.id) };
  }

  @Get('settings')
  @ApiOperation({ summary: 'My e-mail address (verified or not) and which kinds of notice I receive by e-mail' })
  settings(@CurrentUser() user: AuthUser) {
    return readSettings(this.ds.manager, user.id);
  }

  @Put('settings')
  @ApiOperation({ summary: 'Change my e-mail address or preferences; 422 names the field (an invalid address: email). A new address is sent a verification link when e-mail is on' })
  saveSettings(@CurrentUser() user: AuthUser, @Body({ schema: notificationSettingsInput }) body: NotificationSettingsInput) {
    return writeTransaction(this.ds, (m) => saveSettings(m, user.id, body, this.engine.clock.now(), verificationOf(this.config)));
  }

  @Get('undelivered')
  @Roles('admin')
  @ApiOperation({ summary: 'Messages not delivered: failed for good first, then those being retried (admins)' })
  undelivered() {
    return listUndelivered(this.ds.manager);
  }
}
