/**
 * The I/O model: everything hotpath knows about libraries, as data. A call is matched by the
 * module that declares its resolved signature and the member path inside that module (see
 * origin.ts), never by the name of the variable it is called on. To teach hotpath a library,
 * add an entry here; no rule changes.
 */

export type IoKind = 'db' | 'http' | 'cache' | 'queue' | 'fs';
export type IoOperation = 'read' | 'write';

/**
 * How the operation of a matched member is decided:
 * - `read` / `write`: fixed;
 * - `sql`: from the verb of the SQL text argument (INSERT/UPDATE/DELETE… write, and so are the
 *   statements that change the session later ones run in: BEGIN, SET, LOCK, PREPARE…; otherwise read);
 * - `sql-execute`: the same, for a member made to run statements that return no rows (Prisma's
 *   `$executeRaw`): a statement whose text is built elsewhere counts as a write;
 * - `http`: from the method (`axios.post`, `{ method: 'POST' }`), GET when none is given;
 * - `chain`: a builder executed by `await` — write if the chain calls one of `writeChain`;
 * - `command`: from the class of the command object sent (`send(new GetObjectCommand(…))`): read when
 *   its name starts with one of `READ_COMMAND_VERBS`, otherwise (or when it is not made in the call) write.
 */
export type OperationRule = IoOperation | 'sql' | 'sql-execute' | 'http' | 'chain' | 'command';

/** Verbs of the AWS SDK's command classes that only read (`GetObjectCommand`, `ListTablesCommand`, `QueryCommand`). */
export const READ_COMMAND_VERBS = ['Get', 'List', 'Head', 'Describe', 'Query', 'Scan', 'BatchGet', 'TransactGet', 'Select', 'Search'];

export interface MemberGroup {
  /** Containers that declare the members: `Pool`, `*Delegate`, `Knex.QueryInterface`; `''` for none. */
  readonly on: readonly string[];
  readonly reads?: readonly string[];
  readonly writes?: readonly string[];
  /** Members matched with an operation decided by a rule rather than fixed (`query` → `sql`). */
  readonly decided?: Readonly<Record<string, Exclude<OperationRule, IoOperation>>>;
  /** Operation for every other member of these containers (redis: any command not listed as a write reads). */
  readonly otherwise?: IoOperation;
  /** Members that `otherwise` does not cover. */
  readonly except?: readonly string[];
  /** Member names compare case-insensitively (node-redis spells `HSET` as `hSet`). */
  readonly ignoreCase?: boolean;
  /** The batched form of a member, for messages: `findUnique` → `findMany({ where: { id: { in: ids } } })`. */
  readonly batch?: Readonly<Record<string, string>>;
}

export interface LibraryModel {
  /** Short name used in messages and config. */
  readonly name: string;
  /** npm packages (or ambient module names) whose declarations this entry covers. */
  readonly modules: readonly string[];
  readonly kind: IoKind;
  readonly members: readonly MemberGroup[];
  /** Types that do their I/O when awaited (query builders): matched on the awaited type or its `then`. */
  readonly awaitables?: readonly string[];
  /** For awaitables with operation `chain`: builder methods that make the statement a write. */
  readonly writeChain?: readonly string[];
  /** Receivers that queue commands instead of sending them (pipelines, MULTI): only `send` members do I/O. */
  readonly queues?: { readonly receivers: readonly string[]; readonly send: readonly string[] };
  /** Members whose callback runs inside one database transaction. */
  readonly transactions?: readonly string[];
  /**
   * Types whose values are one connection, running one statement after another (a pg `Client`, a
   * transaction's client): reads made through the same such value cannot overlap, so `Promise.all`
   * would not start them together.
   */
  readonly oneConnection?: readonly string[];
  /**
   * Options that hand a call the connection it runs on (Sequelize's `{ transaction }`): calls given
   * the same value there share one connection, whatever its type says (its typings may be missing).
   */
  readonly connectionOptions?: readonly string[];
  /** Shown as the batched form when the I/O happens on `await` of a builder. */
  readonly awaitBatch?: string;
  /**
   * Reads that throw when nothing matches (`findUniqueOrThrow`, `rejectOnEmpty: true`): what
   * follows them is guarded by them, so they are not started together with it.
   */
  readonly rejectsEmpty?: { readonly members?: readonly string[]; readonly options?: readonly string[] };
  /**
   * SQL text this library sends as written: members decided `sql` take it as their first argument
   * (a string, a template, a `{ text }` object) or are called on a tagged template; `builders` wrap
   * SQL text into a statement that runs when awaited (`knex.raw`). `?` placeholders are read as `$n`.
   */
  readonly sql?: { readonly dialect: 'postgres' | 'mysql'; readonly placeholders: '$n' | '?'; readonly builders?: readonly string[] };
  /** Where a bound on how long its calls may wait goes, and what the library does without one. */
  readonly timeout?: TimeoutModel;
}

/**
 * A library's timeout knowledge. A call counts as bounded when one of `options` is set (to
 * anything but `0`, `false`, `undefined`, `null`) in the argument whose declared type has that
 * option, on the instance the call is made on, or through `defaults`. A `signal` option counts
 * unless it comes from a local `AbortController` that no timer aborts.
 */
export interface TimeoutModel {
  /**
   * What carries the bound: `request` — each call of the library (or the instance it is made on);
   * `client` — the config given to one of `clients` when the client is created; `transaction` —
   * the library's interactive transactions (used for what they hold while they wait).
   */
  readonly scope: 'request' | 'client' | 'transaction';
  /** Options that bound the wait; any one of them is enough. */
  readonly options: readonly string[];
  /** How long a call waits when nothing is set, in seconds; absent when it waits indefinitely. */
  readonly defaultSeconds?: number;
  /** What that default limits, for messages: `for the response headers`. */
  readonly waitsFor: string;
  /** The default is short enough to leave alone (ky: 10 s): such calls are never reported. */
  readonly safeDefault?: boolean;
  /** `client` scope: the constructors and factories whose config must carry the bound (`Pool.new`, `createPool`). */
  readonly clients?: readonly string[];
  /** Factories whose config bounds every call made on the instance they return (`AxiosInstance.create`, `Got.extend`, `Agent.new`). */
  readonly instances?: readonly string[];
  /** Property paths whose assignment bounds an instance afterwards (`defaults.timeout`); on the library's own default export they bound every instance. */
  readonly defaults?: readonly string[];
  /** Options whose value is an instance that may carry the bound (undici's `dispatcher`). */
  readonly instanceOptions?: readonly string[];
  /** Methods of the request a call returns that bound it (`req.setTimeout(ms)`). */
  readonly requestMethods?: readonly string[];
  /** A connection-string property (or string argument) whose text may carry the bound (`options=-c statement_timeout=5000`). */
  readonly connectionString?: { readonly property: string; readonly options: readonly string[] };
  /** The property a quick fix adds, `{ms}` standing for the milliseconds; absent when there is no safe one-line fix. */
  readonly fix?: string;
  /**
   * `client` scope: what says a client is made to wait on purpose, for blocking commands a timeout
   * would break: an option set to `null` (ioredis's `maxRetriesPerRequest: null`, which BullMQ
   * requires), or the client handed where another library's declared type takes it over (BullMQ's
   * `ConnectionOptions`, module and type path). Such a client is not reported.
   */
  readonly blocking?: { readonly nullOptions: readonly string[]; readonly consumers: readonly { readonly module: string; readonly type: string }[] };
}

const REDIS_WRITES = [
  'set', 'setex', 'psetex', 'setnx', 'mset', 'msetnx', 'getset', 'getdel', 'getex', 'append', 'del', 'unlink',
  'expire', 'expireat', 'pexpire', 'pexpireat', 'persist', 'rename', 'renamenx', 'incr', 'incrby', 'incrbyfloat',
  'decr', 'decrby', 'hset', 'hsetnx', 'hmset', 'hdel', 'hincrby', 'hincrbyfloat', 'lpush', 'rpush', 'lpushx',
  'rpushx', 'lpop', 'rpop', 'lset', 'lrem', 'ltrim', 'linsert', 'lmove', 'blpop', 'brpop', 'sadd', 'srem', 'spop',
  'smove', 'zadd', 'zrem', 'zincrby', 'zpopmin', 'zpopmax', 'xadd', 'xdel', 'xtrim', 'xack', 'publish',
  'flushdb', 'flushall', 'pfadd', 'setbit', 'geoadd', 'copy', 'restore',
];
/** Redis client methods that send nothing to the server by themselves. */
const REDIS_LOCAL = ['connect', 'disconnect', 'quit', 'duplicate', 'on', 'once', 'off', 'pipeline', 'multi', 'defineCommand', 'emit', 'addListener', 'removeListener', 'status'];

const HTTP_VERBS = ['get', 'head', 'options', 'post', 'put', 'patch', 'delete', 'request', 'postForm', 'putForm', 'patchForm'];
const httpByVerb = (verbs: readonly string[]): Record<string, 'http'> => Object.fromEntries(verbs.map((verb) => [verb, 'http']));

const ELASTIC_READS = ['search', 'get', 'mget', 'msearch', 'count', 'exists', 'scroll', 'searchTemplate', 'knnSearch'];
const ELASTIC_WRITES = ['index', 'create', 'update', 'delete', 'bulk', 'deleteByQuery', 'updateByQuery', 'reindex'];
const ELASTIC_BATCH: Record<string, string> = { get: 'mget({ docs })', search: 'msearch({ searches })', index: 'bulk({ operations })', create: 'bulk({ operations })', update: 'bulk({ operations })', delete: 'bulk({ operations })' };
/** `search` → `SearchApi`: the function each client member is. */
const elasticApi = (member: string): string => `${member[0]!.toUpperCase()}${member.slice(1)}Api`;

/** The AWS SDK v3 clients backends use most, each package's client class: how untyped code obtains one. */
const AWS_CLIENTS: Readonly<Record<string, string>> = {
  '@aws-sdk/client-s3': 'S3Client',
  '@aws-sdk/client-dynamodb': 'DynamoDBClient',
  '@aws-sdk/client-sqs': 'SQSClient',
  '@aws-sdk/client-sns': 'SNSClient',
  '@aws-sdk/client-ses': 'SESClient',
  '@aws-sdk/client-sesv2': 'SESv2Client',
  '@aws-sdk/client-lambda': 'LambdaClient',
  '@aws-sdk/client-secrets-manager': 'SecretsManagerClient',
  '@aws-sdk/client-ssm': 'SSMClient',
  '@aws-sdk/client-kinesis': 'KinesisClient',
  '@aws-sdk/client-eventbridge': 'EventBridgeClient',
  '@aws-sdk/client-cognito-identity-provider': 'CognitoIdentityProviderClient',
};

export const IO_MODEL: readonly LibraryModel[] = [
  {
    name: 'Prisma',
    modules: ['@prisma/client'],
    kind: 'db',
    members: [
      {
        // `prisma-client-js` declares the delegates inside `export namespace Prisma`; the newer `prisma-client` at top level.
        // A `$extends` client's delegates are a mapped type of the runtime: the member is the name called.
        on: ['*Delegate', 'Prisma.*Delegate', 'DynamicModelExtensionOperationFn'],
        reads: ['findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'count', 'aggregate', 'groupBy'],
        writes: ['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany'],
        batch: {
          findUnique: 'findMany({ where: { id: { in: ids } } })',
          findUniqueOrThrow: 'findMany({ where: { id: { in: ids } } })',
          findFirst: 'findMany({ where: { …: { in: values } } })',
          findFirstOrThrow: 'findMany({ where: { …: { in: values } } })',
          count: 'groupBy({ by: [...], _count: true })',
          create: 'createMany({ data: items })',
          delete: 'deleteMany({ where: { id: { in: ids } } })',
          update: 'updateMany({ where: { id: { in: ids } }, data })',
        },
      },
      { on: ['PrismaClient', 'ClientOtherOps'], reads: ['$queryRawTyped', '$runCommandRaw'], decided: { $queryRaw: 'sql', $queryRawUnsafe: 'sql', $executeRaw: 'sql-execute', $executeRawUnsafe: 'sql-execute' } },
    ],
    transactions: ['PrismaClient.$transaction', 'DynamicClientExtensionThisBuiltin.$transaction'],
    oneConnection: ['Prisma.TransactionClient'],
    rejectsEmpty: { members: ['findUniqueOrThrow', 'findFirstOrThrow'] },
    sql: { dialect: 'postgres', placeholders: '$n' },
    // `$transaction(fn, { timeout })`: Prisma rolls an interactive transaction back after 5 s by default.
    timeout: { scope: 'transaction', options: ['timeout'], defaultSeconds: 5, waitsFor: 'before it rolls an interactive transaction back', safeDefault: true },
  },
  {
    name: 'TypeORM',
    modules: ['typeorm'],
    kind: 'db',
    members: [
      {
        on: ['Repository', 'EntityManager', 'BaseEntity', 'TreeRepository', 'MongoRepository'],
        reads: ['find', 'findBy', 'findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findAndCount', 'findAndCountBy', 'findByIds', 'count', 'countBy', 'exists', 'existsBy', 'exist', 'sum', 'average', 'minimum', 'maximum', 'preload'],
        writes: ['save', 'insert', 'update', 'updateAll', 'upsert', 'delete', 'deleteAll', 'remove', 'softDelete', 'softRemove', 'restore', 'recover', 'increment', 'decrement', 'clear'],
        decided: { query: 'sql' },
        batch: {
          findOne: 'findBy({ id: In(ids) })',
          findOneBy: 'findBy({ id: In(ids) })',
          findOneOrFail: 'findBy({ id: In(ids) })',
          findOneByOrFail: 'findBy({ id: In(ids) })',
          save: 'save(entities) with the whole array',
          insert: 'insert(rows) with the whole array',
          delete: 'delete({ id: In(ids) })',
        },
      },
      { on: ['SelectQueryBuilder'], reads: ['getMany', 'getOne', 'getOneOrFail', 'getRawMany', 'getRawOne', 'getRawAndEntities', 'getCount', 'getManyAndCount', 'getExists', 'stream', 'execute'] },
      { on: ['InsertQueryBuilder', 'UpdateQueryBuilder', 'DeleteQueryBuilder', 'SoftDeleteQueryBuilder', 'RelationQueryBuilder'], writes: ['execute', 'add', 'remove', 'set', 'addAndRemove', 'of'] },
      { on: ['DataSource', 'QueryRunner'], decided: { query: 'sql' } },
    ],
    transactions: ['DataSource.transaction', 'EntityManager.transaction'],
    oneConnection: ['QueryRunner'],
    rejectsEmpty: { members: ['findOneOrFail', 'findOneByOrFail', 'getOneOrFail'] },
  },
  {
    name: 'MikroORM',
    modules: ['@mikro-orm/core'],
    kind: 'db',
    members: [
      {
        // `persist`, `remove` and `getReference` only stage work in the unit of work: `flush` runs it.
        on: ['EntityManager', 'EntityRepository'],
        reads: ['find', 'findOne', 'findOneOrFail', 'findAll', 'findAndCount', 'findByCursor', 'count', 'refresh', 'refreshOrFail', 'populate'],
        writes: ['flush', 'persistAndFlush', 'removeAndFlush', 'insert', 'insertMany', 'nativeUpdate', 'nativeDelete', 'upsert', 'upsertMany'],
        batch: {
          findOne: 'find({ id: { $in: ids } })',
          findOneOrFail: 'find({ id: { $in: ids } })',
          insert: 'insertMany(rows)',
          upsert: 'upsertMany(rows)',
          persistAndFlush: 'persist(entity) each, then flush() once',
        },
      },
    ],
    transactions: ['EntityManager.transactional'],
    rejectsEmpty: { members: ['findOneOrFail', 'refreshOrFail'] },
  },
  {
    name: 'Sequelize',
    // sequelize-typescript's `Model` and `Sequelize` extend sequelize's, and declare `reload` themselves.
    modules: ['sequelize', '@sequelize/core', 'sequelize-typescript'],
    kind: 'db',
    members: [
      {
        on: ['Model'],
        reads: ['findAll', 'findOne', 'findByPk', 'findAndCountAll', 'count', 'max', 'min', 'sum', 'aggregate', 'reload'],
        writes: ['create', 'bulkCreate', 'update', 'destroy', 'upsert', 'findOrCreate', 'findCreateFind', 'increment', 'decrement', 'truncate', 'restore', 'save'],
        batch: {
          findByPk: 'findAll({ where: { id: ids } })',
          findOne: 'findAll({ where: { …: values } })',
          create: 'bulkCreate(rows)',
          destroy: 'destroy({ where: { id: ids } })',
        },
      },
      { on: ['Sequelize'], decided: { query: 'sql' } },
    ],
    transactions: ['Sequelize.transaction'],
    // A transaction handed to each call in its options (`{ transaction: t }`) is one connection.
    oneConnection: ['Transaction'],
    connectionOptions: ['transaction'],
    rejectsEmpty: { options: ['rejectOnEmpty'] },
  },
  {
    name: 'Knex',
    modules: ['knex'],
    kind: 'db',
    members: [],
    awaitBatch: "one query with .whereIn('id', ids)",
    awaitables: ['Knex.QueryBuilder', 'Knex.Raw', 'Knex.ChainableInterface'],
    writeChain: ['insert', 'update', 'del', 'delete', 'truncate', 'upsert', 'increment', 'decrement', 'merge'],
    transactions: ['Knex.transaction'],
    oneConnection: ['Knex.Transaction'],
    sql: { dialect: 'postgres', placeholders: '?', builders: ['Knex.RawBuilder.()'] },
  },
  {
    name: 'Kysely',
    modules: ['kysely'],
    kind: 'db',
    members: [
      { on: ['SelectQueryBuilder'], reads: ['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow', 'stream'], batch: { executeTakeFirst: "where('id', 'in', ids).execute()", executeTakeFirstOrThrow: "where('id', 'in', ids).execute()" } },
      { on: ['InsertQueryBuilder', 'UpdateQueryBuilder', 'DeleteQueryBuilder', 'MergeQueryBuilder', 'WheneableMergeQueryBuilder', 'NotMatchedThenableMergeQueryBuilder'], writes: ['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow'], batch: { execute: 'values(rows) with the whole array' } },
      { on: ['RawBuilder'], decided: { execute: 'sql' } },
    ],
    transactions: ['TransactionBuilder.execute'],
    oneConnection: ['Transaction', 'ControlledTransaction'],
    rejectsEmpty: { members: ['executeTakeFirstOrThrow'] },
    sql: { dialect: 'postgres', placeholders: '$n' },
  },
  {
    name: 'Drizzle',
    modules: ['drizzle-orm'],
    kind: 'db',
    members: [{ on: ['*PgDatabase', '*MySqlDatabase', '*SQLiteDatabase', 'PgDatabase', 'MySqlDatabase', 'BaseSQLiteDatabase'], decided: { execute: 'sql' } }],
    awaitables: ['QueryPromise'],
    awaitBatch: 'one query with inArray(table.id, ids)',
    writeChain: ['insert', 'update', 'delete'],
    transactions: ['PgDatabase.transaction', 'MySqlDatabase.transaction', 'BaseSQLiteDatabase.transaction'],
    oneConnection: ['*PgTransaction', '*MySqlTransaction', '*SQLiteTransaction'],
    sql: { dialect: 'postgres', placeholders: '$n' },
  },
  {
    name: 'pg',
    modules: ['pg', 'pg-pool'],
    kind: 'db',
    members: [{ on: ['Pool', 'ClientBase', 'Client', 'PoolClient'], decided: { query: 'sql' }, batch: { query: 'one query with `WHERE id = ANY($1)` and the array as $1' } }],
    oneConnection: ['ClientBase', 'Client', 'PoolClient'],
    sql: { dialect: 'postgres', placeholders: '$n' },
    // All three default to 0, no limit: a stuck query or an unreachable server holds the caller forever.
    timeout: {
      scope: 'client',
      clients: ['Pool.new', 'Client.new'],
      options: ['statement_timeout', 'query_timeout', 'connectionTimeoutMillis'],
      waitsFor: 'for a query or a connection',
      connectionString: { property: 'connectionString', options: ['statement_timeout'] },
      fix: 'statement_timeout: {ms}',
    },
  },
  {
    name: 'mysql2',
    modules: ['mysql2'],
    kind: 'db',
    // `query`/`execute` come from the `QueryableBase`/`ExecutableBase` mixins, declared at module scope.
    members: [{ on: ['', 'Connection', 'Pool', 'PoolConnection'], decided: { query: 'sql', execute: 'sql' }, batch: { query: 'one query with `WHERE id IN (?)` and the array', execute: 'one query with `WHERE id IN (?)` and the array' } }],
    oneConnection: ['Connection', 'PoolConnection'],
    sql: { dialect: 'mysql', placeholders: '?' },
    // `connectTimeout` defaults to 10 s; queries have no client-wide bound (only a per-query `timeout`).
    timeout: { scope: 'client', clients: ['createPool', 'createConnection', 'createPoolCluster'], options: ['connectTimeout'], defaultSeconds: 10, waitsFor: 'for a connection', safeDefault: true },
  },
  {
    name: 'Mongoose',
    modules: ['mongoose'],
    kind: 'db',
    members: [
      {
        on: ['Model'],
        reads: ['find', 'findById', 'findOne', 'findAndCount', 'countDocuments', 'estimatedDocumentCount', 'exists', 'distinct', 'aggregate', 'populate'],
        writes: ['create', 'insertMany', 'insertOne', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'replaceOne', 'bulkWrite', 'bulkSave', 'findByIdAndUpdate', 'findByIdAndDelete', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace'],
        batch: { findById: 'find({ _id: { $in: ids } })', findOne: 'find({ …: { $in: values } })', create: 'insertMany(docs)', updateOne: 'bulkWrite(operations)' },
      },
      { on: ['Document'], writes: ['save', 'deleteOne', 'updateOne'], batch: { save: 'bulkSave(docs)' } },
    ],
    transactions: ['Connection.transaction'],
  },
  {
    name: 'ioredis',
    modules: ['ioredis'],
    kind: 'cache',
    members: [{ on: ['RedisCommander', 'Redis', 'Cluster'], writes: REDIS_WRITES, otherwise: 'read', except: REDIS_LOCAL, ignoreCase: true, batch: { get: 'mget(keys)', hgetall: 'a pipeline()', set: 'mset or a pipeline()', del: 'one del(...keys)', unlink: 'one unlink(...keys)' } }],
    queues: { receivers: ['ChainableCommander', 'Pipeline'], send: ['exec'] },
    // `connectTimeout` defaults to 10 s, but a command sent to a stalled server waits until the socket dies.
    timeout: {
      scope: 'client', clients: ['Redis.new'], options: ['commandTimeout'], waitsFor: 'for a command', fix: 'commandTimeout: {ms}',
      blocking: { nullOptions: ['maxRetriesPerRequest'], consumers: [{ module: 'bullmq', type: 'ConnectionOptions' }] },
    },
  },
  {
    name: 'node-redis',
    modules: ['@redis/client', 'redis'],
    kind: 'cache',
    // Commands are a mapped type, the member named at the call: `CommandSignature` in node-redis 5, `RedisCommandSignature` in 4.
    members: [{ on: ['CommandSignature', 'RedisCommandSignature', 'RedisClientType', 'RedisClient'], writes: REDIS_WRITES, otherwise: 'read', except: REDIS_LOCAL, ignoreCase: true, batch: { get: 'mGet(keys)', set: 'mSet or multi()', del: 'one del(keys)', unlink: 'one unlink(keys)' } }],
    queues: { receivers: ['RedisClientMultiCommand*', 'RedisClusterMultiCommand*'], send: ['exec', 'execAsPipeline', 'execTyped', 'execAsPipelineTyped'] },
  },
  {
    name: 'fetch',
    modules: ['global', 'undici-types'],
    kind: 'http',
    members: [{ on: [''], decided: { fetch: 'http' } }],
    // Node's fetch is undici with its defaults: 300 s for the headers, 300 s between body chunks.
    timeout: { scope: 'request', options: ['signal'], instanceOptions: ['dispatcher'], defaultSeconds: 300, waitsFor: 'for the response headers', fix: 'signal: AbortSignal.timeout({ms})' },
  },
  {
    name: 'axios',
    modules: ['axios'],
    kind: 'http',
    members: [{ on: ['Axios', 'AxiosInstance', 'AxiosStatic'], decided: { ...httpByVerb(HTTP_VERBS), '()': 'http' } }],
    // `timeout` defaults to 0, no limit; `axios.create` copies `axios.defaults` into the instance.
    timeout: { scope: 'request', options: ['timeout', 'signal'], instances: ['AxiosInstance.create', 'AxiosStatic.create', 'create'], defaults: ['defaults.timeout'], waitsFor: 'for the response', fix: 'timeout: {ms}' },
  },
  {
    name: 'got',
    modules: ['got'],
    kind: 'http',
    members: [{ on: ['GotRequestFunction', 'Got', 'GotPaginate'], decided: { '()': 'http', ...httpByVerb(HTTP_VERBS) } }],
    // `timeout` is an object of per-phase delays (`{ request: ms }`), none set by default.
    timeout: { scope: 'request', options: ['timeout', 'signal'], instances: ['Got.extend'], waitsFor: 'for the response', fix: 'timeout: { request: {ms} }' },
  },
  {
    name: 'undici',
    modules: ['undici'],
    kind: 'http',
    members: [{ on: ['', 'Dispatcher', 'Pool', 'Client', 'Agent'], decided: { request: 'http', fetch: 'http', stream: 'http' } }],
    // `headersTimeout` and `bodyTimeout` default to 300 s each, on a call or on the dispatcher that sends it.
    timeout: {
      scope: 'request',
      options: ['headersTimeout', 'bodyTimeout', 'signal'],
      instances: ['Agent.new', 'Pool.new', 'Client.new', 'BalancedPool.new', 'RetryAgent.new', 'ProxyAgent.new'],
      instanceOptions: ['dispatcher'],
      defaultSeconds: 300,
      waitsFor: 'for the response headers',
      fix: 'signal: AbortSignal.timeout({ms})',
    },
  },
  {
    name: 'ky',
    modules: ['ky'],
    kind: 'http',
    members: [{ on: ['KyInstance'], decided: { '()': 'http', ...httpByVerb(HTTP_VERBS) } }],
    timeout: { scope: 'request', options: ['timeout', 'signal'], defaultSeconds: 10, waitsFor: 'for the response', safeDefault: true },
  },
  {
    name: 'node:http',
    modules: ['http', 'https', 'node:http', 'node:https', 'http2', 'node:http2'],
    kind: 'http',
    members: [{ on: [''], decided: { request: 'http', get: 'http' } }],
    // No client timeout by default; `timeout` and `req.setTimeout` only emit 'timeout' (the handler destroys the request).
    timeout: { scope: 'request', options: ['timeout', 'signal'], requestMethods: ['setTimeout'], waitsFor: 'for the response' },
  },
  {
    name: 'Stripe',
    modules: ['stripe'],
    kind: 'http',
    // Every method of a resource (`stripe.customers`, `stripe.invoices`…) is one API request. Writes
    // not listed here are not recognised at all, never misread as reads.
    members: [
      {
        on: ['*Resource'],
        reads: [
          'retrieve', 'list', 'search', 'retrieveBalanceTransaction', 'retrieveCapability', 'retrieveCashBalance', 'retrieveCashBalanceTransaction',
          'retrieveCurrent', 'retrieveExternalAccount', 'retrieveFeature', 'retrieveFeatures', 'retrievePaymentMethod', 'retrievePerson', 'retrieveRefund',
          'retrieveReversal', 'retrieveSource', 'retrieveTaxId', 'listAmountDetailsLineItems', 'listBalanceTransactions', 'listCapabilities',
          'listCashBalanceTransactions', 'listComputedUpfrontLineItems', 'listEventSummaries', 'listExternalAccounts', 'listFeatures', 'listLineItems',
          'listOwners', 'listPaymentMethods', 'listPersons', 'listPreviewLineItems', 'listRefunds', 'listReversals', 'listSourceTransactions', 'listSources',
          'listTaxIds',
        ],
        writes: [
          'create', 'update', 'del', 'cancel', 'capture', 'confirm', 'pay', 'refund', 'attach', 'detach', 'archive', 'unarchive', 'activate', 'deactivate',
          'expire', 'approve', 'reject', 'close', 'reverse', 'submit', 'verify', 'resume', 'pause', 'finalizeInvoice', 'sendInvoice', 'voidInvoice',
          'markUncollectible', 'incrementAuthorization', 'createBalanceTransaction', 'createSource', 'createTaxId', 'createRefund', 'createReversal',
          'createLoginLink', 'createPerson', 'createExternalAccount', 'deleteDiscount', 'deleteSource', 'deleteTaxId', 'deletePerson', 'deleteExternalAccount',
          'updateSource', 'updatePerson', 'updateExternalAccount', 'updateLines', 'addLines', 'removeLines', 'verifyMicrodeposits', 'applyCustomerBalance',
        ],
      },
    ],
  },
  {
    name: 'cache-manager',
    // `Cache` is a type alias of function properties (v5: `cache.store` is a `Store` with the multi-key
    // forms). @nestjs/cache-manager's `Cache` extends it. A round trip whatever the store: hotpath cannot
    // tell a Redis store from an in-memory one, configured elsewhere.
    modules: ['cache-manager', '@nestjs/cache-manager'],
    kind: 'cache',
    members: [
      {
        on: ['Cache', 'Store'],
        // `wrap` reads, and writes only what it did not find.
        reads: ['get', 'mget', 'ttl', 'wrap', 'keys'],
        writes: ['set', 'mset', 'del', 'mdel', 'clear', 'reset'],
        batch: { get: 'mget(keys) (cache-manager 5: store.mget(...keys))', set: 'mset(entries)', del: 'mdel(keys)' },
      },
    ],
  },
  {
    name: 'Elasticsearch',
    modules: ['@elastic/elasticsearch'],
    kind: 'db',
    members: [
      // Each API is a function of its own module (`SearchApi`), assigned to the client as `search`:
      // typed calls resolve to the function, untyped ones land on the client's member.
      { on: [''], reads: ELASTIC_READS.map(elasticApi), writes: ELASTIC_WRITES.map(elasticApi), batch: Object.fromEntries(Object.entries(ELASTIC_BATCH).map(([member, batch]) => [elasticApi(member), batch])) },
      { on: ['API'], reads: ELASTIC_READS, writes: ELASTIC_WRITES, batch: ELASTIC_BATCH },
    ],
  },
  {
    name: '@nestjs/axios',
    modules: ['@nestjs/axios'],
    kind: 'http',
    // Each method returns a cold Observable: the request is sent when it is subscribed to, which
    // `firstValueFrom`/`lastValueFrom` do (`AWAITED_THROUGH`). No timeout model: the bound is the
    // axios config given to `HttpModule.register(…)`, in another module.
    members: [{ on: ['HttpService'], decided: httpByVerb(HTTP_VERBS) }],
  },
  {
    name: 'aws-sdk',
    // `client.send(command)` is declared once for every v3 client, by Smithy's `Client` (in
    // @smithy/core, earlier @smithy/smithy-client, before that @aws-sdk/smithy-client). The client
    // packages are listed for untyped code (`IMPORT_SHAPES`).
    modules: ['@smithy/core', '@smithy/smithy-client', '@aws-sdk/smithy-client', '@aws-sdk/lib-dynamodb', ...Object.keys(AWS_CLIENTS)],
    kind: 'http',
    members: [
      { on: ['Client'], decided: { send: 'command' } },
      // lib-dynamodb's `DynamoDBDocument` has a method per command.
      {
        on: ['DynamoDBDocument'],
        reads: ['get', 'query', 'scan', 'batchGet', 'transactGet'],
        writes: ['put', 'update', 'delete', 'batchWrite', 'transactWrite'],
        batch: { get: 'batchGet (up to 100 keys)', put: 'batchWrite (up to 25 items)', delete: 'batchWrite (up to 25 items)' },
      },
    ],
  },
  {
    name: 'OpenAI',
    modules: ['openai'],
    kind: 'http',
    // Each resource is a class (`client.chat.completions` is a `Completions`). Generating changes
    // nothing a later call reads: `create` reads, as the other requests of these resources.
    members: [
      { on: ['Completions', 'Responses', 'Moderations'], reads: ['create', 'retrieve', 'list', 'parse', 'stream'] },
      { on: ['Embeddings'], reads: ['create'], batch: { create: 'one create({ input: texts }) with the whole array' } },
    ],
    // Every request is bounded by default (10 min, retried twice), a limit chosen for long generations:
    // a shorter one depends on the model and the product, which the call does not show. Never reported.
    timeout: { scope: 'client', clients: ['OpenAI.new'], options: ['timeout'], defaultSeconds: 600, waitsFor: 'for a response', safeDefault: true },
  },
  {
    name: 'nodemailer',
    modules: ['nodemailer'],
    // SMTP or a provider's API: a request to another service per message, which no call batches.
    kind: 'http',
    members: [{ on: ['Mail', 'Transporter'], writes: ['sendMail'] }],
  },
  {
    name: 'BullMQ',
    modules: ['bullmq', 'bull'],
    kind: 'queue',
    // The getters are declared by `QueueGetters`, which `Queue` extends.
    members: [{ on: ['Queue', 'QueueGetters'], writes: ['add', 'addBulk'], reads: ['getJob', 'getJobs', 'getJobCounts'], batch: { add: 'addBulk(jobs)' } }],
  },
  {
    name: 'fs',
    modules: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'],
    kind: 'fs',
    members: [
      { on: ['', 'promises'], reads: ['readFile', 'readdir', 'stat', 'lstat', 'access', 'readFileSync', 'readdirSync', 'statSync', 'existsSync'], writes: ['writeFile', 'appendFile', 'mkdir', 'rm', 'unlink', 'rename', 'copyFile', 'writeFileSync', 'appendFileSync', 'mkdirSync', 'rmSync', 'unlinkSync'] },
    ],
  },
];

/**
 * How a library's values are used when its typings cannot be resolved (a checkout without
 * node_modules): from the import a value comes from and how it was obtained, the model container
 * a member call lands on. Only import origins are used, never the names of variables.
 */
export interface ImportShape {
  /** The package imported from (subpaths such as `mysql2/promise` count as their package). */
  readonly module: string;
  /** The imported name: `default`, or a named export (`pg.Pool` on a default import counts as `Pool`). */
  readonly export: string;
  /**
   * How the value was obtained: the export itself (`value`), an instance (`new X()`, a parameter or
   * property typed `X`, a class extending `X`), or the result of calling it or one of its methods.
   */
  readonly obtained: 'value' | 'instance' | 'call';
  /** For `call`: the method called on the export (`axios.create()`); absent when the export itself is called. */
  readonly factory?: string;
  /** The container members are matched on, by property depth: `[calling the value, value.m(), value.a.m()]`. */
  readonly containers: readonly (string | undefined)[];
}

export const IMPORT_SHAPES: readonly ImportShape[] = [
  { module: '@prisma/client', export: 'PrismaClient', obtained: 'instance', containers: [undefined, 'PrismaClient', 'ModelDelegate'] },
  // An interactive transaction's client (`tx: Prisma.TransactionClient`) has the client's delegates.
  { module: '@prisma/client', export: 'Prisma.TransactionClient', obtained: 'instance', containers: [undefined, 'PrismaClient', 'ModelDelegate'] },
  { module: 'axios', export: 'default', obtained: 'value', containers: ['AxiosInstance', 'Axios'] },
  { module: 'axios', export: 'default', obtained: 'call', factory: 'create', containers: ['AxiosInstance', 'Axios'] },
  { module: 'got', export: 'default', obtained: 'value', containers: ['GotRequestFunction', 'Got'] },
  { module: 'got', export: 'default', obtained: 'call', factory: 'extend', containers: ['GotRequestFunction', 'Got'] },
  { module: 'ky', export: 'default', obtained: 'value', containers: ['KyInstance', 'KyInstance'] },
  { module: 'ky', export: 'default', obtained: 'call', factory: 'create', containers: ['KyInstance', 'KyInstance'] },
  { module: 'pg', export: 'Pool', obtained: 'instance', containers: [undefined, 'Pool'] },
  { module: 'pg', export: 'Client', obtained: 'instance', containers: [undefined, 'ClientBase'] },
  { module: 'mysql2', export: 'createPool', obtained: 'call', containers: [undefined, 'Pool'] },
  { module: 'mysql2', export: 'createConnection', obtained: 'call', containers: [undefined, 'Connection'] },
  { module: 'ioredis', export: 'default', obtained: 'instance', containers: [undefined, 'RedisCommander'] },
  { module: 'ioredis', export: 'Redis', obtained: 'instance', containers: [undefined, 'RedisCommander'] },
  { module: 'redis', export: 'createClient', obtained: 'call', containers: [undefined, 'RedisClientType'] },
  { module: 'typeorm', export: 'Repository', obtained: 'instance', containers: [undefined, 'Repository'] },
  { module: 'typeorm', export: 'EntityManager', obtained: 'instance', containers: [undefined, 'EntityManager'] },
  // `Connection`: DataSource's name before TypeORM 0.3, still exported (and extending it).
  { module: 'typeorm', export: 'Connection', obtained: 'instance', containers: [undefined, 'DataSource'] },
  { module: 'mongoose', export: 'Model', obtained: 'instance', containers: [undefined, 'Model'] },
  { module: 'mongoose', export: 'model', obtained: 'call', containers: [undefined, 'Model'] },
  { module: 'sequelize', export: 'Model', obtained: 'value', containers: [undefined, 'Model'] },
  { module: 'sequelize', export: 'Model', obtained: 'instance', containers: [undefined, 'Model'] },
  { module: 'bullmq', export: 'Queue', obtained: 'instance', containers: [undefined, 'Queue'] },
  // `stripe.customers.retrieve(…)`: each resource is a `…Resource` class in the typings.
  { module: 'stripe', export: 'default', obtained: 'instance', containers: [undefined, undefined, 'Resource'] },
  { module: 'mongoose', export: 'default', obtained: 'call', factory: 'model', containers: [undefined, 'Model'] },
  { module: 'cache-manager', export: 'Cache', obtained: 'instance', containers: [undefined, 'Cache', 'Store'] },
  { module: 'cache-manager', export: 'createCache', obtained: 'call', containers: [undefined, 'Cache', 'Store'] },
  // NestJS: `@Inject(CACHE_MANAGER) cache: Cache`, the type telling what is injected.
  { module: '@nestjs/cache-manager', export: 'Cache', obtained: 'instance', containers: [undefined, 'Cache', 'Store'] },
  { module: '@elastic/elasticsearch', export: 'Client', obtained: 'instance', containers: [undefined, 'API'] },
  { module: '@nestjs/axios', export: 'HttpService', obtained: 'instance', containers: [undefined, 'HttpService'] },
  ...Object.entries(AWS_CLIENTS).map(([module, client]): ImportShape => ({ module, export: client, obtained: 'instance', containers: [undefined, 'Client'] })),
  { module: '@aws-sdk/lib-dynamodb', export: 'DynamoDBDocumentClient', obtained: 'call', factory: 'from', containers: [undefined, 'Client'] },
  { module: '@aws-sdk/lib-dynamodb', export: 'DynamoDBDocument', obtained: 'call', factory: 'from', containers: [undefined, 'DynamoDBDocument'] },
  { module: 'nodemailer', export: 'default', obtained: 'call', factory: 'createTransport', containers: [undefined, 'Transporter'] },
  { module: 'nodemailer', export: 'createTransport', obtained: 'call', containers: [undefined, 'Transporter'] },
  // Containers that only lead to others (`MEMBER_RESULTS`): a Knex instance, a Kysely, a Drizzle database.
  { module: 'knex', export: 'default', obtained: 'call', containers: [undefined, 'Knex'] },
  { module: 'knex', export: 'knex', obtained: 'call', containers: [undefined, 'Knex'] },
  { module: 'kysely', export: 'Kysely', obtained: 'instance', containers: [undefined, 'Kysely'] },
  { module: 'drizzle-orm', export: 'drizzle', obtained: 'call', containers: [undefined, 'PgDatabase'] },
  // An OpenAI client leads to its resources (`MEMBER_RESULTS`).
  { module: 'openai', export: 'default', obtained: 'instance', containers: [undefined, 'OpenAI'] },
  { module: 'openai', export: 'OpenAI', obtained: 'instance', containers: [undefined, 'OpenAI'] },
];

/**
 * What members of a library's containers evaluate to, for the same import-origin classification:
 * `dataSource.getRepository(User)` is a `Repository`, `Document.findByPk(id)` an instance of
 * `Document`, a query builder's `where(…)` the builder again. An instance of an export the model
 * names as a container (`Repository`, `Pool`, `AxiosInstance`) needs no entry: it is that container.
 */
export interface MemberResult {
  /** The module of the containers, as `IO_MODEL` lists it. */
  readonly module: string;
  readonly on: readonly string[];
  /** Members (called, or read as properties with `property`) whose result this is; `*` any call of a member the model does not list (builders). */
  readonly members: readonly string[];
  readonly property?: boolean;
  /**
   * A container of the module, `self` for the receiver itself (a builder's `where(…)`, a model's
   * `scope(…)`), `instance` for an instance of the receiver's class (`Model.findByPk(id)`,
   * `doc.reload()`: whichever class the receiver is), or `row` for values the model knows nothing
   * of (a repository's entities: only that they are many, and walked, counts).
   */
  readonly returns: string;
  /** An array of them (`findAll`): its elements are (`for (const doc of docs)`). */
  readonly many?: boolean;
}

/**
 * Dependency-injection decorators that say what a parameter or property holds when its type does
 * not: NestJS's `@InjectRepository(User) repo` is a TypeORM `Repository`.
 */
export interface InjectionModel {
  /** The package declaring the decorators. */
  readonly module: string;
  readonly decorators: readonly string[];
  /** The module and container of the `IO_MODEL` entry the injected value is. */
  readonly library: string;
  readonly container: string;
}

export const INJECTIONS: readonly InjectionModel[] = [
  { module: '@nestjs/typeorm', decorators: ['InjectRepository'], library: 'typeorm', container: 'Repository' },
  { module: '@nestjs/typeorm', decorators: ['InjectEntityManager'], library: 'typeorm', container: 'EntityManager' },
  { module: '@nestjs/typeorm', decorators: ['InjectDataSource', 'InjectConnection'], library: 'typeorm', container: 'DataSource' },
  { module: '@nestjs/mongoose', decorators: ['InjectModel'], library: 'mongoose', container: 'Model' },
  { module: '@nestjs/bullmq', decorators: ['InjectQueue'], library: 'bullmq', container: 'Queue' },
];

const TYPEORM_BUILDERS = ['SelectQueryBuilder', 'InsertQueryBuilder', 'UpdateQueryBuilder', 'DeleteQueryBuilder', 'SoftDeleteQueryBuilder', 'RelationQueryBuilder'];

export const MEMBER_RESULTS: readonly MemberResult[] = [
  // `prisma.$extends(…)` is a client with the same delegates.
  { module: '@prisma/client', on: ['PrismaClient'], members: ['$extends'], returns: 'self' },
  { module: 'typeorm', on: ['DataSource', 'EntityManager'], members: ['getRepository', 'withRepository'], returns: 'Repository' },
  { module: 'typeorm', on: ['DataSource', 'EntityManager'], members: ['getTreeRepository'], returns: 'TreeRepository' },
  { module: 'typeorm', on: ['DataSource', 'QueryRunner', 'Repository', 'TreeRepository'], members: ['manager'], property: true, returns: 'EntityManager' },
  { module: 'typeorm', on: ['DataSource'], members: ['createQueryRunner'], returns: 'QueryRunner' },
  { module: 'typeorm', on: ['DataSource', 'EntityManager', 'Repository', 'TreeRepository'], members: ['createQueryBuilder'], returns: 'SelectQueryBuilder' },
  // A select builder turns into another kind of statement: its `execute()` then writes.
  { module: 'typeorm', on: TYPEORM_BUILDERS, members: ['insert'], returns: 'InsertQueryBuilder' },
  { module: 'typeorm', on: TYPEORM_BUILDERS, members: ['update'], returns: 'UpdateQueryBuilder' },
  { module: 'typeorm', on: TYPEORM_BUILDERS, members: ['delete'], returns: 'DeleteQueryBuilder' },
  { module: 'typeorm', on: TYPEORM_BUILDERS, members: ['softDelete', 'restore'], returns: 'SoftDeleteQueryBuilder' },
  { module: 'typeorm', on: TYPEORM_BUILDERS, members: ['relation'], returns: 'RelationQueryBuilder' },
  { module: 'typeorm', on: TYPEORM_BUILDERS, members: ['*'], returns: 'self' },
  // `relation('lines').of(order)`: `of` is listed as a write, and gives the builder back for `add`/`remove`.
  { module: 'typeorm', on: ['RelationQueryBuilder'], members: ['of'], returns: 'self' },
  { module: 'typeorm', on: ['Repository', 'TreeRepository', 'EntityManager'], members: ['find', 'findBy', 'findByIds'], returns: 'row', many: true },
  { module: 'typeorm', on: ['SelectQueryBuilder'], members: ['getMany'], returns: 'row', many: true },
  { module: 'typeorm', on: ['BaseEntity'], members: ['findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'preload', 'reload'], returns: 'instance' },
  { module: 'typeorm', on: ['BaseEntity'], members: ['find', 'findBy'], returns: 'instance', many: true },
  { module: 'sequelize', on: ['Model'], members: ['findByPk', 'findOne', 'create', 'build', 'reload'], returns: 'instance' },
  { module: 'sequelize', on: ['Model'], members: ['findAll', 'bulkCreate'], returns: 'instance', many: true },
  { module: 'sequelize', on: ['Model'], members: ['scope', 'unscoped', 'schema'], returns: 'self' },
  { module: 'sequelize', on: ['Model'], members: ['sequelize'], property: true, returns: 'Sequelize' },
  { module: 'mongoose', on: ['Model'], members: ['findById', 'findOne', 'create'], returns: 'Document' },
  { module: 'mongoose', on: ['Model'], members: ['find'], returns: 'Document', many: true },
  // `db('users')`, `db.select(…)`: a builder run when awaited.
  { module: 'knex', on: ['Knex'], members: ['()', 'select', 'from', 'table', 'insert', 'update', 'del', 'delete', 'where', 'whereIn', 'first', 'count', 'with', 'queryBuilder'], returns: 'Knex.QueryBuilder' },
  { module: 'knex', on: ['Knex'], members: ['raw'], returns: 'Knex.Raw' },
  { module: 'knex', on: ['Knex.QueryBuilder'], members: ['*'], returns: 'self' },
  { module: 'kysely', on: ['Kysely'], members: ['selectFrom'], returns: 'SelectQueryBuilder' },
  { module: 'kysely', on: ['Kysely'], members: ['insertInto', 'replaceInto'], returns: 'InsertQueryBuilder' },
  { module: 'kysely', on: ['Kysely'], members: ['updateTable'], returns: 'UpdateQueryBuilder' },
  { module: 'kysely', on: ['Kysely'], members: ['deleteFrom'], returns: 'DeleteQueryBuilder' },
  { module: 'kysely', on: ['SelectQueryBuilder', 'InsertQueryBuilder', 'UpdateQueryBuilder', 'DeleteQueryBuilder'], members: ['*'], returns: 'self' },
  { module: 'drizzle-orm', on: ['PgDatabase'], members: ['select', 'selectDistinct', 'insert', 'update', 'delete'], returns: 'QueryPromise' },
  { module: 'drizzle-orm', on: ['QueryPromise'], members: ['*'], returns: 'self' },
  { module: 'openai', on: ['OpenAI'], members: ['chat'], property: true, returns: 'Chat' },
  { module: 'openai', on: ['Chat'], members: ['completions'], property: true, returns: 'Completions' },
  { module: 'openai', on: ['OpenAI'], members: ['responses'], property: true, returns: 'Responses' },
  { module: 'openai', on: ['OpenAI'], members: ['embeddings'], property: true, returns: 'Embeddings' },
  { module: 'openai', on: ['OpenAI'], members: ['moderations'], property: true, returns: 'Moderations' },
];

/**
 * Per-row lifecycle hooks of ORM models: a write per row on a model with one (an `@AfterCreate`
 * that sends a notification) runs the hook per row on purpose, and the bulk form skips it.
 */
export interface RowHookModel {
  /** The `IO_MODEL` library (by name) whose writes run the hooks. */
  readonly library: string;
  /** Modules that declare the hook decorators. */
  readonly modules: readonly string[];
  readonly decorators: readonly string[];
  /** The option that turns them off for one call (`{ hooks: false }`): such a call runs no hook. */
  readonly disabledBy: string;
}

export const ROW_HOOKS: readonly RowHookModel[] = [
  {
    library: 'Sequelize',
    modules: ['sequelize-typescript'],
    decorators: ['BeforeCreate', 'AfterCreate', 'BeforeDestroy', 'AfterDestroy', 'BeforeUpdate', 'AfterUpdate', 'BeforeSave', 'AfterSave', 'BeforeUpsert', 'AfterUpsert', 'BeforeRestore', 'AfterRestore'],
    disabledBy: 'hooks',
  },
  {
    library: 'TypeORM',
    modules: ['typeorm'],
    decorators: ['BeforeInsert', 'AfterInsert', 'BeforeUpdate', 'AfterUpdate', 'BeforeRemove', 'AfterRemove', 'BeforeSoftRemove', 'AfterSoftRemove', 'BeforeRecover', 'AfterRecover'],
    disabledBy: 'listeners',
  },
];

/**
 * Libraries that bind the calls of the I/O table's libraries to one transaction: reads that share
 * it run on its one connection, so `Promise.all` would not start them together (sequential-await).
 */
export interface TransactionScopeModel {
  readonly name: string;
  readonly modules: readonly string[];
  /**
   * Types whose values carry the transaction the calls handed them run in (a request context bound
   * to the request's transaction): calls given the same such value share its connection when there
   * is one, and a helper handed it cannot know whether there is, so they count as one connection.
   */
  readonly contexts?: readonly string[];
  /** Decorators whose method runs every query it makes in one transaction, found through the async context. */
  readonly decorators?: readonly string[];
  /** Functions whose function argument runs every query it makes in one transaction, as a decorated method does. */
  readonly runners?: readonly string[];
}

export const TRANSACTION_SCOPES: readonly TransactionScopeModel[] = [
  // Services reach TypeORM through `TransactionalConnection.getRepository(ctx, Entity)`: the
  // repository of the transaction `ctx` carries (`@Transaction()` resolvers start one), else the pool's.
  { name: 'Vendure', modules: ['@vendure/core'], contexts: ['RequestContext'] },
  // Patches TypeORM's repositories and managers to run a `@Transactional()` method's queries in its transaction,
  // and those of the function `runInTransaction(fn)` runs or `wrapInTransaction(fn)` wraps.
  { name: 'typeorm-transactional', modules: ['typeorm-transactional'], decorators: ['Transactional'], runners: ['runInTransaction', 'wrapInTransaction'] },
  // `txHost.tx` is the open transaction's client inside a `@Transactional()` call, else the adapter's client;
  // `@InjectTransaction()` injects that same value, typed `Transaction<Adapter>`.
  { name: '@nestjs-cls/transactional', modules: ['@nestjs-cls/transactional'], contexts: ['TransactionHost', 'Transaction'] },
];

/**
 * Calls whose promise settles with the I/O of their first argument: rxjs' `firstValueFrom(obs)`
 * subscribes to a cold Observable (`HttpService.get(…)`), so awaiting it awaits that request.
 */
export const AWAITED_THROUGH: readonly { readonly modules: readonly string[]; readonly paths: readonly string[] }[] = [
  { modules: ['rxjs'], paths: ['firstValueFrom', 'lastValueFrom'] },
];

/** Calls that only wait: a loop that sleeps between calls is rate-limited on purpose. */
export const SLEEPS: readonly { readonly modules: readonly string[]; readonly paths: readonly string[] }[] = [
  { modules: ['timers', 'timers/promises', 'global'], paths: ['setTimeout', 'Scheduler.wait', 'scheduler.wait'] },
];

export const IO_KINDS: readonly IoKind[] = ['db', 'http', 'cache', 'queue', 'fs'];

/** The kinds each rule looks at unless configured otherwise: fs and timers are local. */
export const REMOTE_KINDS: readonly IoKind[] = ['db', 'http', 'cache', 'queue'];

/** Database and cache operations can always be batched (`WHERE id IN (…)`, MGET), even where the model names no batch method. */
const GENERIC_BATCH: Partial<Record<IoKind, string>> = {
  db: 'one query with `WHERE key IN (…)`',
  cache: 'one multi-key command or a pipeline',
};

/** The batched form of an operation: its member's own (`findMany`), else its kind's generic one. */
export function batchFormOf(io: { readonly kind: IoKind; readonly batch?: string }): string | undefined {
  return io.batch ?? GENERIC_BATCH[io.kind];
}

/**
 * Whether per-element calls of this operation can become one call. This splits concurrent
 * fan-outs between two rules: batchable ones are n-plus-one's (batching removes the fan-out),
 * the others unbounded-concurrency's (bounding it is the fix).
 */
export function isBatchable(io: { readonly kind: IoKind; readonly batch?: string }): boolean {
  return batchFormOf(io) !== undefined;
}

/**
 * Concurrency limiters: calls whose function arguments run with a bounded number in flight.
 * Matched like `IO_MODEL`, by the module that declares the resolved call and the member path in it.
 */
export interface LimiterModel {
  readonly name: string;
  readonly modules: readonly string[];
  /** Member paths: `LimitFunction.()` (calling a p-limit limiter), `PQueue.add`. */
  readonly calls: readonly string[];
  /** An option the call must be given to bound anything: p-map runs every mapper at once without `concurrency`. */
  readonly requires?: string;
}

export const LIMITERS: readonly LimiterModel[] = [
  { name: 'p-limit', modules: ['p-limit'], calls: ['LimitFunction.()', 'LimitFunction.map', 'limitFunction'] },
  { name: 'p-map', modules: ['p-map'], calls: ['pMap', 'pMapIterable', 'pMapSettled'], requires: 'concurrency' },
  { name: 'p-queue', modules: ['p-queue'], calls: ['PQueue.add', 'PQueue.addAll'] },
  { name: 'Bottleneck', modules: ['bottleneck'], calls: ['Bottleneck.schedule', 'Bottleneck.submit', 'Bottleneck.wrap'] },
  {
    name: 'async',
    modules: ['async'],
    calls: [
      'mapLimit', 'mapSeries', 'eachLimit', 'eachSeries', 'forEachLimit', 'forEachSeries', 'eachOfLimit', 'eachOfSeries',
      'forEachOfLimit', 'forEachOfSeries', 'mapValuesLimit', 'mapValuesSeries', 'filterLimit', 'filterSeries',
      'timesLimit', 'timesSeries', 'parallelLimit', 'series', 'queue', 'priorityQueue', 'cargoQueue',
    ],
  },
];

/** How a read caps the rows it returns in code: an option of the call (`take: 20`) or a builder method (`.limit(20)`). */
export interface ResultCapModel {
  /** The `IO_MODEL` library (by name) whose reads it caps. */
  readonly library: string;
  readonly options?: readonly string[];
  readonly chain?: readonly string[];
}

export const RESULT_CAPS: readonly ResultCapModel[] = [
  { library: 'Prisma', options: ['take'] },
  { library: 'TypeORM', options: ['take'], chain: ['take', 'limit'] },
  { library: 'Sequelize', options: ['limit'] },
  { library: 'Knex', chain: ['limit'] },
  { library: 'Kysely', chain: ['limit'] },
  { library: 'Drizzle', chain: ['limit'] },
  { library: 'Mongoose', options: ['limit'], chain: ['limit'] },
];

/** A schema validator whose array schemas can cap the length of what they accept (zod's `z.array(…).max(100)`). */
export interface SchemaCapModel {
  readonly name: string;
  readonly modules: readonly string[];
  /** Members that return the validated value, mapped to the property of their result that holds it (`safeParse` → `data`). */
  readonly parse: Readonly<Record<string, string>>;
  /** Members that cap an array schema's length. */
  readonly caps: readonly string[];
}

export const SCHEMA_CAPS: readonly SchemaCapModel[] = [
  {
    name: 'zod',
    modules: ['zod'],
    parse: { 'ZodType.parse': '', 'ZodType.parseAsync': '', 'ZodType.safeParse': 'data', 'ZodType.safeParseAsync': 'data' },
    caps: ['ZodArray.max', 'ZodArray.length'],
  },
];

// ─── Where requests enter, what blocks the event loop, what opens connections ───
// (request-path.ts, and the rules blocking-call and connection-per-call)

/**
 * Where a request enters the project's code. A function runs once per request when it takes one
 * of `parameterTypes` (declared by the framework: an Express `Request`, a Koa `Context`), when it
 * is a method of a class given one of `classDecorators` that carries one of `methodDecorators`
 * (a NestJS controller's route), or, for file-based routers, when a file whose path matches
 * `routeFiles` exports it under one of `routeExports` (a Next.js route handler).
 */
export interface RequestEntryModel {
  readonly framework: string;
  readonly modules: readonly string[];
  /** Declared type names (the last segment of their path in the module: `e.Request` → `Request`). */
  readonly parameterTypes?: readonly string[];
  readonly classDecorators?: readonly string[];
  readonly methodDecorators?: readonly string[];
  /** A regular expression's source, matched against the file's path relative to the project's root. */
  readonly routeFiles?: string;
  readonly routeExports?: readonly string[];
  /** Calls or `new` that register their function argument as a handler: the callee's path in the module (`Worker.new`) and the argument's index (`last` after optional ones). */
  readonly handlerArguments?: readonly { readonly callee: string; readonly argument: number | 'last' }[];
  /** Methods the framework calls, by name, in a class carrying one of `classDecorators` (a base class's abstract method it overrides). */
  readonly methods?: readonly string[];
  /** A directive (`'use server'`) that makes the function it opens, or every function its file exports, an entry. */
  readonly directive?: string;
  /** What one run of the handler serves, for messages: a request unless it is a queue's job. */
  readonly runsPer?: 'job';
}

const HTTP_METHOD_EXPORTS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export const REQUEST_ENTRIES: readonly RequestEntryModel[] = [
  // @types/express declares `e.Request`, extending express-serve-static-core's `Request`.
  { framework: 'Express', modules: ['express', 'express-serve-static-core'], parameterTypes: ['Request', 'Response'] },
  { framework: 'Koa', modules: ['koa'], parameterTypes: ['BaseContext', 'ExtendableContext', 'Context', 'ParameterizedContext'] },
  { framework: 'Fastify', modules: ['fastify'], parameterTypes: ['FastifyRequest', 'FastifyReply'] },
  { framework: 'Next.js', modules: ['next'], parameterTypes: ['NextApiRequest', 'NextApiResponse', 'NextRequest'], routeFiles: '(^|/)app/(.+/)?route\\.[cm]?[jt]sx?$', routeExports: HTTP_METHOD_EXPORTS },
  { framework: 'NestJS', modules: ['@nestjs/common'], classDecorators: ['Controller'], methodDecorators: ['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Options', 'Head', 'Search', 'Sse'] },
  { framework: 'NestJS GraphQL', modules: ['@nestjs/graphql'], classDecorators: ['Resolver'], methodDecorators: ['Query', 'Mutation', 'ResolveField', 'Subscription'] },
  // `t.procedure.input(…).query(async ({ ctx, input }) => …)`: the resolver runs per call of the procedure.
  { framework: 'tRPC', modules: ['@trpc/server'], handlerArguments: ['query', 'mutation', 'subscription'].map((member) => ({ callee: `ProcedureBuilder.${member}`, argument: 0 })) },
  // Server actions: React's directive, which Next.js turns into an endpoint per function; no module declares it.
  { framework: 'Next.js server action', modules: [], directive: 'use server' },
  { framework: 'BullMQ', modules: ['bullmq'], handlerArguments: [{ callee: 'Worker.new', argument: 1 }], runsPer: 'job' },
  // `queue.process(fn)`, `queue.process('name', 5, fn)`: the processor comes last.
  { framework: 'Bull', modules: ['bull'], handlerArguments: [{ callee: 'Bull.Queue.process', argument: 'last' }], runsPer: 'job' },
  // `@Processor('mail') class MailConsumer extends WorkerHost { async process(job) … }`.
  { framework: 'NestJS BullMQ', modules: ['@nestjs/bullmq'], classDecorators: ['Processor'], methods: ['process'], runsPer: 'job' },
  { framework: 'NestJS Bull', modules: ['@nestjs/bull'], classDecorators: ['Processor'], methodDecorators: ['Process'], runsPer: 'job' },
];

/**
 * Library functions that do their work synchronously, on the event loop: while one runs, the
 * process serves nothing else. `members` are paths as origin.ts reads them (`*Sync`: every member
 * so named); `instead` is the non-blocking form for messages, `{async}` standing for the member's
 * name (as called) without its `Sync` suffix.
 */
export interface BlockingCallModel {
  readonly name: string;
  readonly modules: readonly string[];
  readonly members: readonly string[];
  readonly instead: string;
  /** Members whose non-blocking form is not `{async}`. */
  readonly insteadOf?: Readonly<Record<string, string>>;
  /** Members that `members` matches but that cost too little to report. */
  readonly except?: readonly string[];
}

export const BLOCKING_CALLS: readonly BlockingCallModel[] = [
  // One metadata system call each (a stat, an unlink: microseconds on a local disk) is not worth an
  // await; what reads, writes or lists data costs with its size. On real code (bench/real: teable)
  // every existsSync/statSync/unlinkSync finding on the request path was judged too small to change.
  // (`statSync` and `lstatSync` are values of the interface StatSyncFn: its call signature.)
  {
    name: 'fs',
    modules: ['fs'],
    members: ['*Sync'],
    except: ['existsSync', 'fstatSync', 'accessSync', 'unlinkSync', 'renameSync', 'realpathSync', 'realpathSync.native', 'readlinkSync', 'chmodSync', 'fchmodSync', 'lchmodSync', 'chownSync', 'fchownSync', 'lchownSync', 'utimesSync', 'futimesSync', 'lutimesSync', 'closeSync', 'linkSync', 'symlinkSync'],
    instead: '`fs.promises.{async}`',
  },
  { name: 'child_process', modules: ['child_process'], members: ['execSync', 'execFileSync', 'spawnSync'], instead: '`promisify(child_process.{async})`', insteadOf: { spawnSync: '`child_process.spawn` and its `close` event' } },
  // Key derivation costs tens to hundreds of milliseconds by design; the async forms run it on libuv's thread pool.
  { name: 'crypto', modules: ['crypto'], members: ['pbkdf2Sync', 'scryptSync'], instead: '`promisify(crypto.{async})`' },
  { name: 'zlib', modules: ['zlib'], members: ['*Sync'], instead: '`promisify(zlib.{async})`' },
  { name: 'bcrypt', modules: ['bcrypt', 'bcryptjs'], members: ['hashSync', 'compareSync', 'genSaltSync'], instead: '`{async}` (it returns a promise)' },
];

/**
 * Constructors and factories that open a pool or a client: one per process is the design, one per
 * request pays a TCP (and TLS, and authentication) handshake each time and can exhaust the server's
 * connections. `creates` are paths as origin.ts reads them (`Pool.new` is `new Pool(…)`).
 */
export interface ClientFactoryModel {
  readonly name: string;
  readonly modules: readonly string[];
  readonly creates: readonly string[];
  /** What each new instance costs, for messages. */
  readonly cost: string;
  /** An option that, set to `false` in the literal config, makes even a shared instance connect per call. */
  readonly connectsPerCallWhen?: string;
}

const OWN_CONNECTIONS = "opens connections of its own (a TCP, TLS and authentication handshake apiece) that count against the server's connection limit";
const OWN_POOL = "opens a pool of connections of its own (a TCP, TLS and authentication handshake apiece) that count against the server's connection limit";
const OWN_SOCKETS = 'has a socket pool of its own, so no connection to the host is reused (a TCP and TLS handshake each time)';

export const CLIENT_FACTORIES: readonly ClientFactoryModel[] = [
  { name: 'Prisma', modules: ['@prisma/client'], creates: ['PrismaClient.new'], cost: OWN_POOL },
  { name: 'pg', modules: ['pg', 'pg-pool'], creates: ['Pool.new', 'Client.new'], cost: OWN_POOL },
  { name: 'mysql2', modules: ['mysql2'], creates: ['createPool', 'createConnection', 'createPoolCluster'], cost: OWN_CONNECTIONS },
  { name: 'ioredis', modules: ['ioredis'], creates: ['Redis.new', 'Cluster.new'], cost: OWN_CONNECTIONS },
  { name: 'node-redis', modules: ['redis', '@redis/client'], creates: ['createClient', 'createCluster'], cost: OWN_CONNECTIONS },
  { name: 'MongoDB', modules: ['mongodb'], creates: ['MongoClient.new'], cost: OWN_POOL },
  { name: 'Knex', modules: ['knex'], creates: ['knex'], cost: OWN_POOL },
  { name: 'axios', modules: ['axios'], creates: ['AxiosInstance.create', 'AxiosStatic.create', 'create'], cost: 'rebuilds its defaults and interceptors, and with an agent of its own reuses no connection' },
  { name: 'undici', modules: ['undici'], creates: ['Agent.new', 'Pool.new', 'Client.new'], cost: OWN_SOCKETS },
  { name: 'node:http', modules: ['http', 'https'], creates: ['Agent.new'], cost: OWN_SOCKETS, connectsPerCallWhen: 'keepAlive' },
];

/**
 * Reads that return every row their filter matches (unbounded-read): called with no filter and no cap
 * (`RESULT_CAPS`) in their options, they return the whole table, a size that grows with the data.
 * Any filter leaves a read alone (precision first: it may select one row).
 */
export interface WholeTableReadModel {
  /** The `IO_MODEL` library (by name). */
  readonly library: string;
  readonly members: readonly string[];
  /** Options that filter or position the rows. */
  readonly filters: readonly string[];
}

export const WHOLE_TABLE_READS: readonly WholeTableReadModel[] = [
  { library: 'Prisma', members: ['findMany'], filters: ['where', 'cursor'] },
  { library: 'Sequelize', members: ['findAll', 'findAndCountAll'], filters: ['where'] },
  { library: 'TypeORM', members: ['find', 'findAndCount'], filters: ['where'] },
];

/** Every package this file knows something about: one missing from node_modules changes what hotpath finds. */
export const MODELLED_MODULES: ReadonlySet<string> = new Set(
  [
    ...IO_MODEL.flatMap((model) => model.modules),
    ...INJECTIONS.flatMap((injection) => [injection.module, injection.library]),
    ...ROW_HOOKS.flatMap((hooks) => hooks.modules),
    ...SLEEPS.flatMap((sleep) => sleep.modules),
    ...AWAITED_THROUGH.flatMap((entry) => entry.modules),
    ...LIMITERS.flatMap((limiter) => limiter.modules),
    ...SCHEMA_CAPS.flatMap((cap) => cap.modules),
    ...BLOCKING_CALLS.flatMap((blocking) => blocking.modules),
    ...CLIENT_FACTORIES.flatMap((factory) => factory.modules),
  ].filter((module) => module !== 'global'),
);
