import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { runInTransaction, Transactional, wrapInTransaction } from 'typeorm-transactional';

@Entity('wallets')
class Wallet {
  @PrimaryGeneratedColumn() id!: number;
  @Column() ownerId!: number;
  @Column() balance!: number;
}

@Entity('transfers')
class Transfer {
  @PrimaryGeneratedColumn() id!: number;
  @Column() walletId!: number;
}

const dataSource = new DataSource({ type: 'postgres', entities: [Wallet, Transfer] });

export class WalletService {
  private readonly wallets = dataSource.getRepository(Wallet);
  private readonly transfers = dataSource.getRepository(Transfer);

  // typeorm-transactional runs every repository call of the method on its transaction's connection: silent
  @Transactional()
  async statement(walletId: number) {
    const wallet = await this.wallets.findOneBy({ id: walletId });
    const recent = await this.transfers.find({ where: { walletId }, take: 20 });
    return { wallet, recent };
  }

  // without the decorator the reads take two pooled connections: flagged
  async preview(walletId: number) {
    const wallet = await this.wallets.findOneBy({ id: walletId });
    const recent = await this.transfers.find({ where: { walletId }, take: 20 }); // expect: sequential-await
    return { wallet, recent };
  }

  // the function runInTransaction runs, its repository calls on the transaction's connection: silent
  async settle(walletId: number) {
    return runInTransaction(async () => {
      const wallet = await this.wallets.findOneBy({ id: walletId });
      const recent = await this.transfers.find({ where: { walletId }, take: 20 });
      return { wallet, recent };
    });
  }

  // likewise the function wrapInTransaction wraps, whenever it is called: silent
  readonly audit = wrapInTransaction(async (walletId: number) => {
    const wallet = await this.wallets.findOneBy({ id: walletId });
    const recent = await this.transfers.find({ where: { walletId }, take: 20 });
    return { wallet, recent };
  });

  // a callback handed to anything else runs on pooled connections: flagged
  async later(walletId: number) {
    return Promise.resolve().then(async () => {
      const wallet = await this.wallets.findOneBy({ id: walletId });
      const recent = await this.transfers.find({ where: { walletId }, take: 20 }); // expect: sequential-await
      return { wallet, recent };
    });
  }
}
