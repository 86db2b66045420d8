// Not a library: a plain object of the project.
export const client = {
  async ping(url: string): Promise<string> {
    return url;
  },
};
