exports.up = function (knex) {
  return knex.schema
    .createTable('accounts', (table) => {
      table.increments('id');
      table.string('email', 320).notNullable().unique();
      table.string('plan');
      table.timestamps(true, true);
    })
    .createTable('invoices', (table) => {
      table.bigIncrements('id');
      table.integer('account_id').references('id').inTable('accounts');
      table.string('number').notNullable();
      table.string('status').index();
      table.decimal('amount_due');
      table.timestamp('due_at');
      table.index(['account_id', 'due_at']);
      table.unique(['number'], { indexName: 'invoices_number_key' });
    });
};

exports.down = function (knex) {
  return knex.schema.dropTable('invoices').dropTable('accounts');
};
