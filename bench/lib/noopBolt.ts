// The baseline for slash-command acks: a Bolt app whose /token only acks, as its own process.
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';

const [port, signingSecret, botToken, apiUrl] = process.argv.slice(2) as [string, string, string, string];
const receiver = new HTTPReceiver({ signingSecret, logLevel: LogLevel.ERROR });
const app = new App({ token: botToken, receiver, logLevel: LogLevel.ERROR, clientOptions: { slackApiUrl: apiUrl } });
app.command('/token', async ({ ack }) => ack());
await receiver.start(Number(port));
console.log('ready');
