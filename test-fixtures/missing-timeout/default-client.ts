import axios from 'axios';

// A client module whose default export is an instance created without a timeout.
export default axios.create({ baseURL: 'https://shipping.example.com' });
