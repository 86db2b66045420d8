import { Schema, model, type HydratedDocument, type Types } from 'mongoose';

interface Author {
  name: string;
  email: string;
}

interface Article {
  title: string;
  authorId: Types.ObjectId;
  views: number;
  status: string;
}

const AuthorModel = model<Author>('Author', new Schema<Author>({ name: String, email: String }));
const ArticleModel = model<Article>('Article', new Schema<Article>({ title: String, authorId: Schema.Types.ObjectId, views: Number, status: String }));

// Model.findById per article's author: flagged
export async function authorsForArticles(articles: Article[]): Promise<Array<Author | null>> {
  const authors: Array<Author | null> = [];
  for (const article of articles) {
    authors.push(await AuthorModel.findById(article.authorId).lean()); // expect: n-plus-one
  }
  return authors;
}

// Model.updateOne per article inside Promise.all(map(async)): flagged
export async function bumpViews(viewsByArticle: Array<{ articleId: string; views: number }>): Promise<void> {
  await Promise.all(
    viewsByArticle.map(async ({ articleId, views }) => {
      await ArticleModel.updateOne({ _id: articleId }, { $inc: { views } }); // expect: n-plus-one
    }),
  );
}

// document save() where the receiver is the loop element: flagged
export async function publishDrafts(drafts: Array<HydratedDocument<Article>>): Promise<void> {
  for (const draft of drafts) {
    draft.status = 'published';
    await draft.save(); // expect: n-plus-one
  }
}

// Model.find per author id: flagged
export async function articlesPerAuthor(authorIds: string[]): Promise<Article[][]> {
  const result: Article[][] = [];
  for (const authorId of authorIds) {
    result.push(await ArticleModel.find({ authorId }).lean()); // expect: n-plus-one
  }
  return result;
}

// one find with $in, then a Map lookup per article: silent
export async function authorNames(articles: Article[]): Promise<string[]> {
  const authors = await AuthorModel.find({ _id: { $in: articles.map((article) => article.authorId) } }).lean();
  const nameById = new Map(authors.map((author) => [String(author._id), author.name]));
  return articles.map((article) => nameById.get(String(article.authorId)) ?? 'anonymous');
}

// toObject() per loaded document (no query): silent
export function serializeArticles(docs: Array<HydratedDocument<Article>>): Article[] {
  return docs.map((doc) => doc.toObject());
}

// bulkWrite with operations built by a pure map: silent
export async function archiveArticles(articleIds: string[]): Promise<void> {
  await ArticleModel.bulkWrite(articleIds.map((id) => ({ updateOne: { filter: { _id: id }, update: { $set: { status: 'archived' } } } })));
}

// streaming documents from a cursor with for await: silent
export async function totalViews(): Promise<number> {
  let views = 0;
  for await (const article of ArticleModel.find({ status: 'published' }).cursor()) {
    views += article.views;
  }
  return views;
}

// polling until the author has signed up, with a sleep between checks: silent
export async function waitForAuthor(email: string): Promise<Author> {
  while (true) {
    const author = await AuthorModel.findOne({ email }).lean();
    if (author !== null) return author;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
