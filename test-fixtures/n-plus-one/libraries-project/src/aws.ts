import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, DynamoDBDocument, DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';

const s3 = new S3Client({ region: 'eu-west-1' });
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const table = DynamoDBDocument.from(new DynamoDBClient({}));

// A GetObject per key: flagged
export async function download(keys: string[]): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for (const key of keys) bodies.push((await s3.send(new GetObjectCommand({ Bucket: 'files', Key: key }))).Body); // expect: n-plus-one
  return bodies;
}

// A PutObject per file: flagged
export async function upload(files: { key: string; body: string }[]): Promise<void> {
  for (const file of files) await s3.send(new PutObjectCommand({ Bucket: 'files', Key: file.key, Body: file.body })); // expect: n-plus-one
}

// A DynamoDB GetItem per id: flagged
export async function users(ids: string[]): Promise<unknown[]> {
  const found: unknown[] = [];
  for (const id of ids) found.push((await documents.send(new GetCommand({ TableName: 'users', Key: { id } }))).Item); // expect: n-plus-one
  return found;
}

// The same through DynamoDBDocument's method: flagged
export async function usersByMethod(ids: string[]): Promise<unknown[]> {
  const found: unknown[] = [];
  for (const id of ids) found.push((await table.get({ TableName: 'users', Key: { id } })).Item); // expect: n-plus-one
  return found;
}

// One BatchGetItem: not flagged
export async function usersBatched(ids: string[]): Promise<unknown> {
  return documents.send(new BatchGetCommand({ RequestItems: { users: { Keys: ids.map((id) => ({ id })) } } }));
}

// Two independent reads one after the other: flagged (at the second)
export async function pair(): Promise<[unknown, unknown]> {
  const left = await s3.send(new GetObjectCommand({ Bucket: 'files', Key: 'left' }));
  const right = await s3.send(new GetObjectCommand({ Bucket: 'files', Key: 'right' })); // expect: sequential-await
  return [left.Body, right.Body];
}

// Two writes one after the other (the second may rely on the first): not flagged
export async function writeBoth(): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: 'files', Key: 'a', Body: 'a' }));
  await s3.send(new PutObjectCommand({ Bucket: 'files', Key: 'b', Body: 'b' }));
}
