import axios from 'axios';

// Every outbound client gets a timeout: a slow partner must not hold a request open.
export const paymentsApi = axios.create({
  baseURL: process.env.PAYMENTS_API_URL ?? 'https://payments.example.com/v1',
  timeout: 2000,
});

export const shippingApi = axios.create({
  baseURL: process.env.SHIPPING_API_URL ?? 'https://shipping.example.com/v2',
  timeout: 2000,
});

// The notification service is called with plain fetch (see services/notification-service.ts).
export const NOTIFICATIONS_URL = process.env.NOTIFICATIONS_URL ?? 'https://notify.example.com';
export const NOTIFICATIONS_TIMEOUT_MS = 3000;
