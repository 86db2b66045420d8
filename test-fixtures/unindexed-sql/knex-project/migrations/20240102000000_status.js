exports.up = async function (knex) {
  await knex.schema.alterTable('invoices', (table) => {
    // The status index goes; the plan column gets one.
    table.dropIndex(['status']);
    table.renameColumn('amount_due', 'amount_cents');
  });
  await knex.schema.alterTable('accounts', (table) => {
    table.index('plan', 'accounts_plan');
  });
  await knex.raw('CREATE INDEX invoices_lower_number ON invoices (lower(number))');
};

exports.down = async function () {};
