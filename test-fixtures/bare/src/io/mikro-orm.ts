import { EntityManager, EntityRepository } from '@mikro-orm/core';

class Author {
  id!: number;
}

export async function load(em: EntityManager, repository: EntityRepository<Author>, id: number) {
  await em.findOne(Author, { id }); // io: MikroORM read
  await repository.count(); // io: MikroORM read
  await em.persistAndFlush(new Author()); // io: MikroORM write
  await em.flush(); // io: MikroORM write
  em.persist(new Author());
}
