// Clients re-exported under other names: the rule follows the aliases to their declarations.
export { billingApi as billing, crmApi as crm } from './clients';
