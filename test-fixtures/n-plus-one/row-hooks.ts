import 'reflect-metadata';
import { AfterCreate, Column, Model as SequelizeModel, Table } from 'sequelize-typescript';
import { AfterInsert, Column as OrmColumn, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';

// A model whose rows each run a hook on create (it schedules the delivery): creating one per
// element is how the hook runs per row; the bulk form would skip it. Silent.
@Table({ tableName: 'notifications' })
class Notification extends SequelizeModel {
  @Column declare userId: string;

  @AfterCreate
  static schedule(notification: Notification): void {
    console.log('deliver', notification.userId);
  }
}

@Table({ tableName: 'views' })
class View extends SequelizeModel {
  @Column declare userId: string;
}

export async function notifyAll(userIds: string[]): Promise<void> {
  for (const userId of userIds) await Notification.create({ userId });
}

// With the hooks turned off for the call, nothing runs per row: flagged.
export async function importNotifications(userIds: string[]): Promise<void> {
  for (const userId of userIds) await Notification.create({ userId }, { hooks: false }); // expect: n-plus-one
}

// The same write on a model with no hook: flagged.
export async function recordViews(userIds: string[]): Promise<void> {
  for (const userId of userIds) await View.create({ userId }); // expect: n-plus-one
}

// TypeORM: an entity listener runs per saved entity; saving through the repository one by one is deliberate. Silent.
@Entity('audit_entries')
class AuditEntry {
  @PrimaryGeneratedColumn() id!: number;
  @OrmColumn() action!: string;

  @AfterInsert()
  announce(): void {
    console.log('audited', this.action);
  }
}

const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [AuditEntry] });
const entries = dataSource.getRepository(AuditEntry);

export async function audit(actions: string[]): Promise<void> {
  for (const action of actions) await entries.save(entries.create({ action }));
}
