// Imported only by tests (through ./clients): test support, not analysed by default.
export class AdminClient {
  constructor(private readonly baseUrl: string) {}

  async users(): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}/admin/users`);
    return response.json();
  }
}
