import { EntityManager, EntityRepository } from '@mikro-orm/core';

class Author {
  id!: number;
  name!: string;
}

class Book {
  id!: number;
  authorId!: number;
  title!: string;
}

// EntityManager.findOne per id: flagged
export async function authorsOf(em: EntityManager, books: Book[]): Promise<Array<Author | null>> {
  const authors: Array<Author | null> = [];
  for (const book of books) authors.push(await em.findOne(Author, { id: book.authorId })); // expect: n-plus-one
  return authors;
}

// A repository's persistAndFlush per row: flagged
export async function renameAll(repository: EntityRepository<Book>, books: Book[]): Promise<void> {
  for (const book of books) {
    book.title = book.title.trim();
    await repository.getEntityManager().persistAndFlush(book); // expect: n-plus-one
  }
}

// persist stages each row, one flush writes them all: not flagged
export async function renameStaged(em: EntityManager, books: Book[]): Promise<void> {
  for (const book of books) {
    book.title = book.title.trim();
    em.persist(book);
  }
  await em.flush();
}

// One find with $in: not flagged
export async function authorsBatched(em: EntityManager, books: Book[]): Promise<Author[]> {
  return em.find(Author, { id: { $in: books.map((book) => book.authorId) } });
}
