import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './lsp/server';

// The protocol runs over this process's stdin and stdout; nothing else may write to stdout.
const connection = createConnection(ProposedFeatures.all);
startServer(connection);
connection.listen();
