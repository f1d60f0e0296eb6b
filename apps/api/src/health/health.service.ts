import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** `GET /health`: whether the process is up and its database answers. */
export interface HealthReport {
  status: 'ok' | 'error';
  db: { status: 'up' | 'down'; type: string; error?: string };
}

@Injectable()
export class HealthService {
  constructor(private readonly dataSource: DataSource) {}

  async check(): Promise<HealthReport> {
    const type = this.dataSource.options.type;
    try {
      if (!this.dataSource.isInitialized) throw new Error('data source not initialized');
      await this.dataSource.query('SELECT 1');
      return { status: 'ok', db: { status: 'up', type } };
    } catch (error) {
      return { status: 'error', db: { status: 'down', type, error: error instanceof Error ? error.message : String(error) } };
    }
  }
}
