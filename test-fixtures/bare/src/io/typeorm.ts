import { BaseEntity, Connection, DataSource, EntityManager, Repository } from 'typeorm';

class Account extends BaseEntity {
  id!: string;
}

export async function load(dataSource: DataSource, manager: EntityManager, repository: Repository<Account>, id: string) {
  await Account.findOneBy({ id }); // io: TypeORM read
  await dataSource.getRepository(Account).findOneBy({ id }); // io: TypeORM read
  await manager.save(Account, { id }); // io: TypeORM write
  await repository.count(); // io: TypeORM read
  await repository.createQueryBuilder('a').where('a.id = :id', { id }).getOne(); // io: TypeORM read
  await repository.createQueryBuilder().delete().from(Account).where('id = :id', { id }).execute(); // io: TypeORM write
  await dataSource.query('SELECT 1'); // io: TypeORM read
  await (dataSource as Connection).getRepository(Account).count(); // io: TypeORM read
  const lines = repository.createQueryBuilder().relation('lines').of(id); // io: TypeORM write
  await lines.remove(id); // io: TypeORM write
}
