import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

// As `typeorm migration:generate` writes it, then an index added by hand.
export class Init1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "customer" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "email" character varying NOT NULL, "country" character varying NOT NULL, "city" character varying NOT NULL, "phone" character varying, "deletedAt" TIMESTAMP, CONSTRAINT "UQ_customer_email" UNIQUE ("email"), CONSTRAINT "PK_customer" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "orders" ("id" SERIAL NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "code" character varying NOT NULL, "state" character varying NOT NULL, "total_cents" integer NOT NULL, "placedAt" TIMESTAMP WITH TIME ZONE, "customerId" integer, "seller_id" integer, CONSTRAINT "orders_code" UNIQUE ("code"), CONSTRAINT "PK_orders" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "orders_state_placed" ON "orders" ("state", "placedAt")`);
    await queryRunner.createIndex('customer', new TableIndex({ name: 'customer_phone', columnNames: ['phone'] }));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('customer', 'customer_phone');
  }
}
