import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A chat-completions request as n8n's OpenAI Chat Model sent it. */
export interface ChatRequest {
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: {
		model?: string;
		stream?: boolean;
		messages: Array<{ role: string; content: unknown; tool_calls?: ToolCall[]; tool_call_id?: string }>;
		tools?: Array<{ type: string; function: { name: string; description?: string; parameters: JsonSchema } }>;
		[key: string]: unknown;
	};
}

export interface JsonSchema {
	type?: string;
	description?: string;
	properties?: Record<string, JsonSchema>;
	required?: string[];
	[key: string]: unknown;
}

export interface ToolCall {
	id: string;
	type: 'function';
	function: { name: string; arguments: string };
}

/** What the model answers: a final text, or tool calls. */
export type ChatTurn = { content: string } | { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> };

export interface ScriptedModel {
	/** The Base URL to put into n8n's OpenAI credential (ends in /v1). */
	baseUrl: string;
	requests: ChatRequest[];
	stop(): Promise<void>;
}

/**
 * A stand-in for a chat-completions API (`POST /v1/chat/completions`): it records every request
 * (so a test can read the `tools` n8n sent, i.e. the schema the model sees) and answers with the
 * script's turn for that request, as JSON or, when the request asks to stream, as server-sent events.
 */
export async function startScriptedModel(script: (request: ChatRequest, index: number) => ChatTurn): Promise<ScriptedModel> {
	const requests: ChatRequest[] = [];
	const server: Server = createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
				res.writeHead(404, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: `no endpoint ${req.method} ${req.url}` } }));
				return;
			}
			const request: ChatRequest = { path: req.url, headers: req.headers, body: JSON.parse(raw) };
			requests.push(request);
			let turn: ChatTurn;
			try {
				turn = script(request, requests.length - 1);
			} catch (error) {
				res.writeHead(500, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ error: { message: (error as Error).message } }));
				return;
			}
			const id = `chatcmpl-${requests.length}`;
			const model = request.body.model ?? 'scripted';
			const toolCalls: ToolCall[] | undefined =
				'toolCalls' in turn
					? turn.toolCalls.map((call, index) => ({
							id: `call_${requests.length}_${index}`,
							type: 'function',
							function: { name: call.name, arguments: JSON.stringify(call.arguments) },
						}))
					: undefined;
			const finish = toolCalls ? 'tool_calls' : 'stop';
			const content = 'content' in turn ? turn.content : null;
			if (request.body.stream) {
				res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
				const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
					res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`);
				chunk({ role: 'assistant', content: toolCalls ? null : content }, null);
				if (toolCalls) chunk({ tool_calls: toolCalls.map((call, index) => ({ index, ...call })) }, null);
				chunk({}, finish);
				res.end('data: [DONE]\n\n');
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					id,
					object: 'chat.completion',
					created: 0,
					model,
					choices: [{ index: 0, message: { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}) }, finish_reason: finish }],
					usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
				}),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		stop: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
