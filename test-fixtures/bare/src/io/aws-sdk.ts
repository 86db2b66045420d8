import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocument, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

const s3 = new S3Client({});
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const table = DynamoDBDocument.from(new DynamoDBClient({}));

export async function load(key: string) {
  await s3.send(new GetObjectCommand({ Bucket: 'b', Key: key })); // io: aws-sdk read
  await s3.send(new PutObjectCommand({ Bucket: 'b', Key: key })); // io: aws-sdk write
  await documents.send(new QueryCommand({ TableName: 't' })); // io: aws-sdk read
  await table.put({ TableName: 't', Item: {} }); // io: aws-sdk write
}
