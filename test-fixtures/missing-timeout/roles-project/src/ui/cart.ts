import { exchangeRate } from '../shared/rates';
import { formatPrice } from './format';

// Browser code (it uses the DOM): a fetch without a timeout holds no server request, but a
// request per item is still one round trip each.
export async function renderCart(itemIds: string[]): Promise<void> {
  const list = document.createElement('ul');
  for (const id of itemIds) {
    const response = await fetch(`/api/items/${id}`); // expect: n-plus-one
    const item = (await response.json()) as { price: number };
    list.append(formatPrice(item.price * (await exchangeRate('EUR'))));
  }
  document.body.append(list);
}

export async function refresh(): Promise<unknown> {
  return (await fetch('/api/cart')).json();
}
