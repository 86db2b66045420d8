import nodemailer from 'nodemailer';

const transporter = nodemailer.createTransport({ host: 'smtp.example.com', port: 587 });

// A message per user, one after another: flagged
export async function notify(users: { email: string }[]): Promise<void> {
  for (const user of users) await transporter.sendMail({ to: user.email, subject: 'Hello', text: 'Hi' }); // expect: n-plus-one
}

// One message to everyone (bcc): not flagged
export async function announce(users: { email: string }[]): Promise<void> {
  await transporter.sendMail({ bcc: users.map((user) => user.email), subject: 'News', text: 'Hi' });
}
