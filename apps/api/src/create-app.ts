import type { ChiboConfig } from '@chibo/config';
import type { DynamicModule, LoggerService, LogLevel, Provider, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { json, text, urlencoded } from 'express';
import type { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { rawBodyMarks } from './common/input/input-normalisation.guard';
import { configureWebUi } from './web/configure-web';
import { WEB_ROUTE_EXCLUDES } from './web/web-paths';

/** REST routes live under this prefix; `/health`, `/api/docs` and the web pages (`/`, `/dang-nhap`, …) stay outside it. */
export const API_PREFIX = 'api/v1';
/** Swagger UI; the OpenAPI JSON is at `/api/docs-json`. */
export const DOCS_PATH = 'api/docs';

/** Operations anyone may call (everything else needs the bearer token). */
const PUBLIC_OPERATIONS = new Set(['get /health', `post /${API_PREFIX}/auth/login`]);

export interface CreateAppOptions {
  config: ChiboConfig;
  /** An initialized, migrated data source. The caller owns it: closing the app leaves it open. */
  dataSource: DataSource;
  /** Modules added next to the built-in feature modules. */
  extraModules?: ReadonlyArray<DynamicModule | Type>;
  /** Providers made available to every module. */
  providers?: Provider[];
  /** Mounts extra Express routes (e.g. bull-board) before init, which adds the catch-all 404 handler. */
  beforeInit?: (app: NestExpressApplication) => void | Promise<void>;
  /** Nest's logger: default errors and warnings only; `false` silences it. */
  logger?: LoggerService | LogLevel[] | false;
}

/**
 * Builds and initializes the API (routes, guards, body parsers, OpenAPI) without listening, so tests and the CLI can
 * drive it in-process (`request(app.getHttpServer())`) and `main.ts` can `listen()`.
 */
export async function createApp(options: CreateAppOptions): Promise<NestExpressApplication> {
  const { config } = options;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    // Our parsers below, with the configured limit (Nest's defaults would be 100kb, without text/csv).
    bodyParser: false,
    logger: options.logger ?? ['error', 'warn'],
    // Throw on a wiring error instead of exiting the process (tests and the CLI must see it).
    abortOnError: false,
  });

  app.disable('x-powered-by');
  // Behind a TLS proxy: req.secure (the login cookie's Secure flag) and req.ip (throttling) from X-Forwarded-*.
  app.set('trust proxy', config.trustProxy);
  // Every response, pages and JSON alike: no MIME sniffing, and no framing except by our own pages (the web pages
  // send their own CSP with the same frame-ancestors).
  app.use((_req: unknown, res: { setHeader(name: string, value: string): void }, next: () => void) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "frame-ancestors 'self'");
    res.setHeader('X-Frame-Options', 'SAMEORIGIN');
    next();
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', ...WEB_ROUTE_EXCLUDES] });
  const limit = config.bodyLimitBytes;
  // The verify hooks keep what the input-normalisation guard needs to check the bytes as sent (invalid UTF-8).
  // (express' own parsers: Nest's useBodyParser reserves `verify` for its rawBody option.)
  app.use(json({ limit, verify: rawBodyMarks('json') }));
  app.use(urlencoded({ limit, extended: false, verify: rawBodyMarks('form') }));
  app.use(text({ limit, type: ['text/csv', 'text/plain'], verify: rawBodyMarks('text') }));

  // Swagger registers its routes directly on Express: they must exist before init() adds the 404 handler. The document
  // itself is built on the first request for it, not at every start (it walks every controller: a restart cost).
  const openApiDocument = () => {
    const document = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('chibo API')
        .setDescription('Quy trình sinh hoạt chi bộ: tổ chức, đảng viên, tài khoản và quyền. Lỗi trả về { statusCode, error, message, issues? }.')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
    // Every operation but the public ones needs the bearer token: say so on each, not only where a controller remembered.
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations as Record<string, { security?: unknown[] }>)) {
        if (typeof operation !== 'object' || operation === null || !['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        operation.security = PUBLIC_OPERATIONS.has(`${method} ${path}`) ? [] : [{ bearer: [] }];
      }
    }
    return document;
  };
  SwaggerModule.setup(DOCS_PATH, app, openApiDocument, { jsonDocumentUrl: `${DOCS_PATH}-json` });

  // The web pages' view engine and static assets (CSS, htmx from node_modules), before init adds the 404 handler.
  configureWebUi(app);
  await options.beforeInit?.(app);
  await app.init();
  return app;
}
