import { Entity, PrimaryColumn } from 'typeorm';
import { CodeColumn, IsoColumn, JsonColumn } from '../columns';

/** A completed effect. An effect whose idempotency key is here is never applied twice; its result is replayed. */
@Entity({ name: 'effect_runs' })
export class EffectRun {
  /** instance + step + effect (see DESIGN §3). */
  @PrimaryColumn({ name: 'idempotency_key', type: 'varchar', length: 300, primaryKeyConstraintName: 'pk_effect_runs' })
  idempotencyKey!: string;

  @CodeColumn('name', { length: 200 })
  name!: string;

  /** What the effect returned; null when it returned nothing. */
  @JsonColumn('result', { nullable: true })
  result!: unknown;

  @IsoColumn('completed_at')
  completedAt!: string;
}
