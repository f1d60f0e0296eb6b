import { OrgUnit } from '@chibo/db';
import { Body, Controller, Get, Inject, Module, NotFoundException, Param, Post } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { type AuthUser, ConflictError, CurrentUser, Public, Roles, ScopeService } from '../../src';
import { type Fixture, ORG, bearer, seedFixture } from '../support/fixture';
import { databasesUnderTest } from '../support/postgres';
import { type TestApp, startTestApp } from '../support/test-app';

// A feature module as another team would write one: injects the global DataSource, ScopeService and an extra
// provider, declares a body schema, throws domain errors. It proves the extension points of createApp.
const GREETING = Symbol('greeting');
const echoSchema = z.strictObject({ count: z.number().int().min(1) });

@Controller('probe')
class ProbeController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: ScopeService,
    @Inject(GREETING) private readonly greeting: string,
  ) {}

  @Public()
  @Get('hello')
  hello(): { greeting: string } {
    return { greeting: this.greeting };
  }

  @Get('orgs/:code')
  async org(@CurrentUser() user: AuthUser, @Param('code') code: string): Promise<{ code: string }> {
    const org = await this.dataSource.getRepository(OrgUnit).findOneBy({ code });
    return { code: this.scope.requireVisible(user, org, `Không tìm thấy đơn vị ${code}`).code };
  }

  @Roles('secretary')
  @Post('echo')
  echo(@Body({ schema: echoSchema }) body: z.output<typeof echoSchema>): { count: number } {
    return body;
  }

  @Get('crash')
  crash(): never {
    throw new Error('secret internal detail');
  }

  @Get('duplicate')
  async duplicate(): Promise<never> {
    // A unique violation that a service forgot to translate must still be a 409, not a 500.
    await this.dataSource.query(`INSERT INTO org_units (id, code, name, abbr, kind, parent_id, path, created_at) SELECT id, code, name, abbr, kind, parent_id, path, created_at FROM org_units WHERE code = '${ORG.root}'`);
    throw new ConflictError('unreachable');
  }

  @Get('nest-404')
  nest404(): never {
    throw new NotFoundException('Something English');
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe.each(databasesUnderTest())('feature modules added through createApp (%s)', (kind) => {
  let t: TestApp;
  let f: Fixture;

  beforeAll(async () => {
    t = await startTestApp(kind, {}, { extraModules: [ProbeModule], providers: [{ provide: GREETING, useValue: 'Xin chào' }] });
    f = await seedFixture(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should serve the extra module under /api/v1 with the extra provider injected', async () => {
    const response = await t.http().get('/api/v1/probe/hello').expect(200);

    expect(response.body).toEqual({ greeting: 'Xin chào' });
  });

  it('should apply the auth guard and scopes to the extra module', async () => {
    await t.http().get(`/api/v1/probe/orgs/${ORG.cellA1}`).expect(401);
    await t.http().get(`/api/v1/probe/orgs/${ORG.cellA1}`).set(bearer(f, 'secretaryA1')).expect(200);
    await t.http().get(`/api/v1/probe/orgs/${ORG.cellB1}`).set(bearer(f, 'secretaryA1')).expect(404);
  });

  it('should apply @Roles, the auditor rule and the zod body pipe to the extra module', async () => {
    await t.http().post('/api/v1/probe/echo').set(bearer(f, 'memberA1')).send({ count: 1 }).expect(403);
    await t.http().post('/api/v1/probe/echo').set(bearer(f, 'auditor')).send({ count: 1 }).expect(403);
    const bad = await t.http().post('/api/v1/probe/echo').set(bearer(f, 'secretaryA1')).send({ count: 0 }).expect(422);
    await t.http().post('/api/v1/probe/echo').set(bearer(f, 'secretaryA1')).send({ count: 2 }).expect(201, { count: 2 });

    expect(bad.body.issues).toEqual([{ path: 'count', rule: 'min', message: 'Phải lớn hơn hoặc bằng 1', params: { origin: 'number', minimum: 1 } }]);
  });

  it('should answer a generic 500 without internal details when a handler crashes', async () => {
    const response = await t.http().get('/api/v1/probe/crash').set(bearer(f, 'admin')).expect(500);

    expect(response.body).toEqual({ statusCode: 500, error: 'internal-error', message: 'Đã xảy ra lỗi máy chủ; vui lòng thử lại sau' });
  });

  it('should answer 409 when an untranslated unique violation escapes a handler', async () => {
    const response = await t.http().get('/api/v1/probe/duplicate').set(bearer(f, 'admin')).expect(409);

    expect(response.body.error).toBe('conflict');
  });

  it('should answer a plain 404, not a missing route, when a handler throws Nest NotFoundException', async () => {
    const response = await t.http().get('/api/v1/probe/nest-404').set(bearer(f, 'admin')).expect(404);

    expect(response.body).toEqual({ statusCode: 404, error: 'not-found', message: 'Không tìm thấy' });
  });
});
