import nodemailer from 'nodemailer';

const transporter = nodemailer.createTransport({ host: 'smtp.example.com' });

export async function send(to: string) {
  await transporter.sendMail({ to, subject: 'Hi' }); // io: nodemailer write
}
