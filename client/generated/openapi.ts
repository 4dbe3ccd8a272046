/**
 * Generated from docs/openapi.yaml by openapi-typescript (`npm run -s generate:client`). Do not edit by hand:
 * change the document and regenerate; test/unit/client/generated-types.test.ts fails while this file is stale.
 */
export interface paths {
    "/v1/catalog/sellers/{sellerId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Create or replace a seller in the directory
         * @description **Roles:** `service` only.
         *
         *     Creates or replaces the seller's directory entry (upsert; always **200**). `sellerId` is the seller's
         *     user id, i.e. the `sub` of the seller's tokens. The directory e-mail address receives new-conversation
         *     and notification e-mails.
         */
        put: operations["putSeller"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/catalog/products/{productId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Create or replace a product in the directory
         * @description **Roles:** `service` only.
         *
         *     Creates or replaces the product's directory entry (upsert; always **200**).
         *     **422** (with `errors.sellerId`) when `sellerId` is not a seller known to the directory of the caller's tenant.
         */
        put: operations["putProduct"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the caller's conversations, most recent activity first
         * @description **Roles:** `customer`, `seller`, `agent`, `guest`.
         *
         *     Returns the conversations the caller participates in, most recent activity first, filtered by the
         *     caller's own archive flag (`archived=false` by default). Ordering and `unreadCount` follow new messages
         *     with eventual consistency. Agents list the tenant's support queue with `GET /v1/support/conversations`.
         */
        get: operations["listConversations"];
        put?: never;
        /**
         * Start (or reopen) a conversation about a product or with another user
         * @description **Roles:** `customer`, `guest`, `seller` — who may open which form:
         *
         *     | form | customer | guest | seller |
         *     |---|---|---|---|
         *     | product (`productId`) | yes | yes | **403** |
         *     | participant (`participantId`) | yes | **403** | yes, with a customer |
         *
         *     The body is exactly one of two forms (sending both `productId` and `participantId` is a **422**):
         *
         *     * **Product form** `{ productId, message?, subject?, clientMessageId? }` — a conversation between the
         *       caller and the product's seller, with `topic = { type: "product", id: productId }`. There is one
         *       conversation per (tenant, customer, seller, product). `subject` defaults to the product name. When
         *       `message` is absent, a new conversation's first message is filled in from the product name
         *       (e.g. `Hi, I have a question about "<name>".`). A seller asking about a product is not what this form
         *       is for: **403**.
         *     * **Participant form** `{ participantId, topic?, message?, subject?, clientMessageId? }` — a 1:1
         *       conversation with another user (e.g. an order between customer and seller). There is one conversation
         *       per (tenant, pair of users, topic), whichever of the two opens it: a seller opening one with a customer
         *       about `order/7781` reaches the same conversation as that customer opening one with the seller about it.
         *       Guests may not name a user: **403** (before anything is looked up, so the answer says nothing about the
         *       id). A seller's participant must be a customer who has used the chat (**422** otherwise).
         *
         *     If the conversation already exists the response is **200** with it, and `message` (if given) is
         *     appended to it; otherwise the conversation is created and the response is **201**.
         *     `clientMessageId` applies to the message that is created or appended, with the same idempotency as
         *     `POST /v1/conversations/{id}/messages`.
         *
         *     **422** when the product or participant is unknown, or `participantId` equals the caller's own id.
         *
         *     The message this call stores (the given or filled-in first message of a new conversation, or `message`
         *     appended to an existing one) counts against the caller's message rate (see "Rate limits"): beyond it
         *     **429** with `Retry-After`, and nothing is created or appended. Opening an existing conversation without a
         *     `message` stores nothing and is not limited.
         *
         *     `lastMessage` and the counters of the returned conversation are maintained asynchronously and may not
         *     yet reflect the message written by this call.
         */
        post: operations["createConversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        /**
         * Get one conversation
         * @description **Roles:** `customer`, `seller`, `agent`, `guest`.
         *
         *     **404** unless the caller is a participant (agents: any support conversation of their tenant).
         */
        get: operations["getConversation"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Archive or unarchive a conversation for the caller
         * @description **Roles:** `customer`, `seller`, `agent`, `guest`.
         *
         *     Archiving is per participant: it only changes the caller's own `archived` flag. A new message
         *     un-archives the conversation for its recipients (eventually consistent). **404** unless the caller is a
         *     participant.
         */
        patch: operations["updateConversation"];
        trace?: never;
    };
    "/v1/conversations/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark messages as read
         * @description **Roles:** `customer`, `seller`, `agent`, `guest`.
         *
         *     Marks every message up to and including `seq` as read for the caller (default: the latest message).
         *     The body may be omitted or `{}`. The read position never moves backwards. The other participants get a
         *     `conversation.read` WebSocket event. **404** unless the caller is a participant; **422** when `seq` is
         *     not a non-negative integer or is greater than the conversation's latest `seq` (`seq: 0`, "nothing read",
         *     is accepted and changes nothing, like any `seq` at or below the caller's read position).
         */
        post: operations["markConversationRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/unread": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's unread totals
         * @description **Roles:** `customer`, `seller`, `agent`, `guest`.
         *
         *     `total` is the sum of the caller's unread counts over all their conversations; `conversations` is the
         *     number of their conversations with an unread count above 0. Eventually consistent (locally within 2 s).
         */
        get: operations["getUnread"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        /**
         * Page back through history (before) or poll for new messages (after)
         * @description **Roles:** `customer`, `seller`, `agent`, `guest` (participants only; agents: any support conversation
         *     of their tenant). **404** unless the caller is a participant.
         *
         *     This path has two forms, selected by the query parameters; in both, `nextCursor` goes back as
         *     `cursor=<nextCursor>` (it holds the direction and the position, and wins over a kept `before`/`after`):
         *
         *     * **History, newest first** — `?limit=1..100 (default 30)&before=<seq>`: the messages with
         *       `seq < before`, newest first. Without `before`, starts at the latest message.
         *       If older messages remain, `nextCursor` continues with them. `null` means the beginning of the
         *       conversation was reached.
         *     * **Polling, oldest first** — `?after=<seq>&limit=1..100 (default 30)`: the messages with `seq > after`,
         *       **oldest first** ("get new messages since the last one I have"). Because `seq` is gap-free and in
         *       commit order, a client that has seen `seq = n` and asks for `after = n` never misses a message.
         *       If more new messages remain than `limit`, `nextCursor` continues with them. `null` means the client is
         *       up to date; poll again later with `after` = the highest `seq` it has.
         *
         *     Giving both `before` and `after` is a **422**; so is a cursor this list did not issue to the caller.
         */
        get: operations["listMessages"];
        put?: never;
        /**
         * Send a message (text, attachments, or both)
         * @description **Roles:** `customer`, `seller`, `agent`, `guest` (participants only; agents may send in any support
         *     conversation of their tenant).
         *
         *     `text` must have 1..4000 characters after trimming leading and trailing whitespace; with `attachments`
         *     (1..5 ids from `POST /v1/conversations/{id}/attachments`, each uploaded by the caller in this conversation
         *     and not sent before) it may be empty or absent. Every attachment is verified before anything is stored:
         *     one that is unknown here, someone else's, expired, not uploaded, of another size or type than declared,
         *     already sent, listed twice or a 6th is a **422** naming it (`errors["attachments.<i>"]`), and nothing is stored.
         *     Responds **201** with the new message (attachments with download links). A retry with the same
         *     `clientMessageId` in the same conversation responds **200** with the very same message (same `id`, same
         *     `seq`); nothing is stored twice. Every live WebSocket connection of every participant (the sender's
         *     included) receives a `message.created` event. Messages cannot be deleted by users (moderators redact).
         *     Under the tenant's masking policy (`GET /v1/policy`), contact details in `text` are stored, answered and
         *     pushed as `[hidden]` and the message carries `moderation: { masked: true }`.
         *     **403** while the other participant blocks the conversation (nothing is stored, pushed or e-mailed).
         *     **404** unless the caller is a participant.
         *     Each message counts against the sender's message rate (see "Rate limits"): beyond it **429** with
         *     `Retry-After`, and nothing is stored; a retry of a stored `clientMessageId` still answers **200**.
         */
        post: operations["sendMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Declare a photo or PDF and get its upload form
         * @description **Roles:** `customer`, `seller`, `agent`, `guest` (participants only). **404** unless the caller is a
         *     participant.
         *
         *     Declares one file (`fileName` 1..200 characters without control characters, `contentType` one of
         *     `image/jpeg`, `image/png`, `image/webp`, `image/gif`, `application/pdf`, `size` 1..10 MiB in bytes) and
         *     answers **201** with the pending attachment and an S3 presigned POST for exactly that file: POST
         *     `upload.url` as `multipart/form-data` with every field of `upload.fields`, then the file as the last field,
         *     named `file`, before `upload.expiresAt` (15 minutes). S3 refuses any other key, content type or length.
         *     Then send a message with `attachments: [attachment.id]` within a day; the upload is verified then.
         *     Each call declares a new attachment; one never sent expires.
         */
        post: operations["createAttachment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/guest-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Get a guest token (no authentication)
         * @description **Roles:** none — this route needs no token (`security: []`, `x-roles: []`).
         *
         *     Issues a `guest` token of the tenant named by the optional `X-Tenant` header (default `default`),
         *     valid for 24 hours. `name` and `email` become the token's `name` and `email` claims (the e-mail is used
         *     for notification e-mails). The body may be omitted or `{}`. Rate limited per source IP address (an IPv6
         *     client: its /64) across all tenants, whichever `X-Tenant` it names: **429** with `Retry-After`.
         */
        post: operations["createGuestSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's support queue (agents)
         * @description **Roles:** `agent`.
         *
         *     Every support conversation of the caller's tenant, most recent activity first, paginated like
         *     `GET /v1/conversations` (`limit` 1..100, default 20; opaque `cursor`). Agents read and send in any
         *     support conversation of their tenant. `archived` filters by the support team's archive flag (agents
         *     archive for the whole team with `PATCH /v1/conversations/{id}`).
         */
        get: operations["listSupportConversations"];
        put?: never;
        /**
         * Open (or reopen) the caller's support conversation
         * @description **Roles:** `customer`, `guest`.
         *
         *     Each user has at most one open support conversation (`topic.type = "support"`): if it exists the
         *     response is **200** with it (and `message`, if given, is appended); otherwise it is created and the
         *     response is **201**. `productId` optionally attaches a product the question is about (**422** if
         *     unknown). The body may be omitted or `{}`. Every agent of the tenant can read and answer it.
         *
         *     The response wraps the conversation and tells whether any agent is currently online:
         *     `{ conversation, allAgentsIdle }` (`allAgentsIdle = true` means nobody may answer soon).
         *     A `message` counts against the caller's message rate (see "Rate limits"): beyond it **429** with
         *     `Retry-After`, and nothing is created or appended.
         */
        post: operations["createSupportConversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/support/availability": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether any support agent is online
         * @description **Roles:** any authenticated role (`customer`, `seller`, `agent`, `guest`, `service`).
         *
         *     An agent is online while it has a live WebSocket connection that sent anything in the last 5 minutes,
         *     unless it set itself `away` (`PUT /v1/agents/me/status`). `allAgentsIdle` is `true` exactly when
         *     `onlineAgents` is 0. Counts only the caller's tenant.
         */
        get: operations["getSupportAvailability"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/agents/me/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the calling agent online or away
         * @description **Roles:** `agent`.
         *
         *     `away` removes the agent from `onlineAgents` even while connected; `online` makes it count again
         *     whenever it also has a live, recently active WebSocket connection.
         */
        put: operations["setAgentStatus"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's trust-and-safety policy
         * @description **Roles:** `service` only.
         *
         *     `contactInfo: allow` (the default, until the tenant sets a policy) leaves message text as written.
         *     `mask` replaces e-mail addresses, phone numbers and links in every new message with `[hidden]` before
         *     anyone else sees it, on every channel (HTTP, WebSocket, e-mail replies, compatibility routes) and so in the
         *     e-mails sent about it; addresses and links at `allowDomains` (or their subdomains) stay.
         *     `mask-before-order` masks everywhere except in conversations whose topic type is `order`.
         */
        get: operations["getPolicy"];
        /**
         * Replace the tenant's trust-and-safety policy
         * @description **Roles:** `service` only.
         *
         *     Replaces the whole policy (`allowDomains` defaults to none; domains are stored lower-case). Functions
         *     keep a tenant's policy up to 30 seconds: a change applies to every message sent after that at the latest.
         *     Messages stored earlier keep their text.
         */
        put: operations["putPolicy"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/block": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Block the other participant of a conversation
         * @description **Roles:** `customer`, `seller`, `agent`, `guest` (participants only; an agent blocks for the support
         *     team). While the caller's block stands, the **other** participant's sends to this conversation are
         *     refused with **403** on every channel (HTTP, WebSocket `error` event, e-mail replies, compatibility
         *     routes in their own error body); nothing is stored, pushed or e-mailed. The caller may still write.
         *     Idempotent. **404** unless the caller is a participant.
         */
        post: operations["blockConversation"];
        /**
         * Lift the caller's block
         * @description **Roles:** `customer`, `seller`, `agent`, `guest` (participants only). Lifts the caller's own block (for
         *     agents: the support team's). Idempotent. **404** unless the caller is a participant.
         */
        delete: operations["unblockConversation"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/conversations/{id}/reports": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Report a conversation or one of its messages to the tenant's moderators
         * @description **Roles:** `customer`, `seller`, `agent`, `guest` (participants only; **404** otherwise).
         *
         *     `messageId` (optional) must be a message of this conversation (**422** otherwise). One report per
         *     reporter and message (or conversation): the first answers **201**, the same report again (a retry)
         *     **200** with the report already filed, whatever its status. The reporter never sees a message's original
         *     text; moderators do (`GET /v1/moderation/reports`).
         */
        post: operations["reportConversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's moderation queue
         * @description **Roles:** `agent`, `service`.
         *
         *     The reports of the caller's tenant with one `status` (default `open`), newest first, paginated with
         *     `cursor=<nextCursor>` (one Query of the queue, never a scan). Each report shows the reported message as
         *     it is now, with its `originalText` when the policy masked it (emptied if it was redacted since), or
         *     `message: null` for a report about the whole conversation.
         */
        get: operations["listReports"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/moderation/reports/{reportId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A report's `id` (opaque). Unknown ids and reports of other tenants give 404. */
                reportId: components["parameters"]["ReportId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Resolve, dismiss or reopen a report
         * @description **Roles:** `agent`, `service`. Sets the report's `status`, which moves it to that status's queue.
         *     Idempotent. **404** for an unknown report or one of another tenant.
         */
        patch: operations["updateReport"];
        trace?: never;
    };
    "/v1/conversations/{id}/messages/{messageId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
                /** @description A message's `id`. Unknown ids give 404. */
                messageId: components["parameters"]["MessageId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Redact a message (moderators)
         * @description **Roles:** `agent`, `service`, in any conversation of their tenant.
         *
         *     The message keeps its `id`, `seq` (no gap), sender and time; its `text` becomes `""` and it is marked
         *     `redacted: true`; its original text is deleted for good. Every live WebSocket connection of every
         *     participant receives `message.redacted`; conversation previews (`lastMessage`) that show it are emptied
         *     with the same eventual consistency as other stream effects. E-mails already sent are not recalled.
         *     Idempotent. **404** for an unknown message or conversation, or one of another tenant.
         */
        delete: operations["redactMessage"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/data": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user (the `sub` of their tokens) in the caller's tenant. */
                userId: components["parameters"]["SubjectUserId"];
            };
            cookie?: never;
        };
        /**
         * Everything stored about one user (data export)
         * @description **Roles:** `service` only. A user of the caller's tenant: another tenant's user of the same id is never
         *     shown (an unknown user gives an empty export).
         *
         *     The first page (no `cursor`) holds the `profile` (what the user's tokens told us: name, e-mail), the
         *     `seller` directory entry if the user is a seller, every conversation the user takes part in (as they see
         *     it), the reports they filed, and the first `limit` messages they sent, with `originalText` where the
         *     policy masked them. `nextCursor` leads through the rest of their messages (conversation by conversation,
         *     oldest first); those pages hold only `messages`. Every request leaves an audit record (when, by whom,
         *     about whom; no content).
         */
        get: operations["exportUserData"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user (the `sub` of their tokens) in the caller's tenant. */
                userId: components["parameters"]["SubjectUserId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Erase a user (right to erasure)
         * @description **Roles:** `service` only. A user of the caller's tenant.
         *
         *     Before answering **202**: the user's WebSocket sessions are closed, their profile and seller directory
         *     entry deleted, and an audit record (when, by whom, about whom; no content) written. Then, in the
         *     background and in bounded steps (an erasure of any size finishes): their name and address are removed from
         *     every conversation they take part in, the notes of reports they filed removed, and every message they sent
         *     redacted (`text: ""`, `redacted: true`, seq kept). Repeatable at any time. E-mails already sent are not
         *     recalled; tokens are the identity provider's (revoke them there).
         */
        delete: operations["eraseUser"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/newChat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dialect 000 (product enquiry chat): open or continue the caller's support chat
         * @description **Roles:** `customer`, `guest` — the token is **optional**.
         *
         *     Opens the caller's support conversation (the same one as `POST /v1/support/conversations`, one per user,
         *     which every agent of the tenant answers) or reuses it. With `product_id`, the product's name is sent first
         *     (the "product enquiry" line), then `message`, both as the caller; with neither, nothing is stored and the
         *     chat is returned. The two lines are stored together or not at all, at consecutive seqs. `chats` are the
         *     conversation's newest 100 messages, oldest first. Showing agents' messages reads them (the agents'
         *     connections get `conversation.read`). Every stored message is pushed as `message.created`.
         *
         *     Who the caller is: the `Authorization` bearer token; else the body's `token`; else a **new guest** of the
         *     shop named by `X-Tenant` (default `default`), created like `POST /v1/guest-sessions` (same per-IP budget:
         *     **429** with `Retry-After`). Each stored line counts against the caller's message rate (see "Rate
         *     limits"; **429** with `Retry-After`, and neither line is stored). The new guest's token comes back in the extra body field `token` and the
         *     `X-Guest-Token` header; the app sends it on later calls (header or body) to continue as that guest. A token
         *     that is present but invalid is **401** (never silently another identity). `user_id` in the body is
         *     ignored: the token says who calls.
         *
         *     Idempotency: opening is idempotent. With `client_message_id`, a retry stores nothing twice (the message
         *     carries it, the product line a key derived from it); without it, a retry appends again.
         *
         *     Errors use the dialect's envelope `{ success: false, message, status_code, errors? }`.
         */
        post: operations["compatNewChat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/startChat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dialect 001 (order rooms): open or find the room of an order
         * @description **Roles:** `customer`, `guest`.
         *
         *     `vendor-to-user`: the core's direct conversation between the caller and the seller `vendor_id` about topic
         *     `order/<order_id>` (the same conversation as `POST /v1/conversations { participantId, topic }`);
         *     `agent-to-user`: a conversation between the caller and the support team about the order (`agent_id` =
         *     `support`). One room per (caller, other party, order): repeated calls answer the same room. Tenancy fields
         *     (`sub_domain`, `client_id`, `db_name`) are echoed, never trusted (the tenant is the token's); `user_id` is
         *     ignored. A guest may open only `agent-to-user` rooms: a `vendor-to-user` room is a conversation with a
         *     user named by id, which guests may not open (**403**, as in `POST /v1/conversations`). Errors:
         *     `{ message, status, errors? }` (`status` = the HTTP status).
         */
        post: operations["compatStartChat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/list": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dialect 002 (support chat listing): a user's support chat, or an agent's queue
         * @description **Roles:** `customer`, `guest` (users), `agent` (admins).
         *
         *     Users get their support conversation (the one `newChat` opens): `chats` in `newChat`'s item shape (newest
         *     100, oldest first) and the conversation as the only entry of `conversations`; showing agents' messages
         *     reads them. Nothing is created: before the first chat both are empty. Agents get the tenant's support queue
         *     (the support team's inbox, most recent activity first, 20 per `page`), each entry with its newest 20
         *     messages; `chats` is empty and listing reads nothing. Both get the admin-away prompt data:
         *     `is_allAdminIdle` (no agent online), `show_admin_away_prompt` (`is_allAdminIdle`, and never for agents)
         *     and `admin_away_message`. Errors use the envelope `{ success: false, message, status_code, errors? }`.
         */
        get: operations["compatSupportChatList"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/chat/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dialect 003 (conversations v2): the caller's conversations
         * @description **Roles:** `customer`, `seller`, `agent`, `guest`.
         *
         *     The caller's (non-archived) **product** conversations, most recent activity first, 10 per page, as
         *     Laravel's paginated resource collection plus `success` and `status` (direct, order and support
         *     conversations are not listed: a 003 app shows every entry as a shop's product thread between two users).
         *     The sender is the conversation's opener, the receiver the seller; `*_viewed` is 1 when that participant
         *     has no unread message. Every id is an integer (user numbers for users and sellers). Errors are Laravel's
         *     (`LaravelError`).
         */
        get: operations["compatV2ListConversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/chat/messages/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dialect 003: a conversation's messages, newest first
         * @description **Roles:** `customer`, `seller`, `agent`, `guest`.
         *
         *     10 per page, newest first. Showing page 1 reads the conversation for the caller (this dialect has no read
         *     route; the other participant's connections get `conversation.read`). **404** (Laravel body) unless the
         *     caller participates.
         */
        get: operations["compatV2ListMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/chat/create-conversation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dialect 003: contact the seller of a product
         * @description **Roles:** `customer`, `guest`.
         *
         *     The core's product conversation: one per (customer, seller, product). A repeat answers the same
         *     conversation and appends `message` (de-duplicated by `client_message_id` when given). `title` defaults to
         *     the product's name. The seller gets the core's new-conversation e-mail. **422** (Laravel body) for an
         *     unknown product. The stored message counts against the caller's message rate (see "Rate limits"):
         *     **429** `{ "message": "Too Many Attempts." }` with `Retry-After`.
         */
        post: operations["compatV2CreateConversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/chat/insert-message": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Dialect 003: send a message
         * @description **Roles:** `customer`, `seller`, `agent`, `guest`.
         *
         *     The core send (same ordering; `client_message_id` de-duplicates a retry). The sender has viewed the
         *     conversation afterwards. Answers the stored message as a one-item collection. **404** unless the caller
         *     participates. Beyond the sender's message rate (see "Rate limits"): **429**
         *     `{ "message": "Too Many Attempts." }` with `Retry-After`.
         */
        post: operations["compatV2InsertMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/chat/get-new-messages/{conversation_id}/{last_message_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dialect 003: poll for messages newer than last_message_id
         * @description **Roles:** `customer`, `seller`, `agent`, `guest`.
         *
         *     Messages with `id` (= seq) greater than `last_message_id`: at most 100 (the oldest ones), listed newest
         *     first, so the highest `id` is the next `last_message_id` and nothing is ever skipped. Showing them reads
         *     them. An empty poll is one read. **404** unless the caller participates, or when a path segment is not an
         *     id.
         */
        get: operations["compatV2GetNewMessages"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/chat/conversations/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dialect 003 (older app builds): the caller's conversations by user id
         * @description **Roles:** `customer`, `seller`, `agent`, `guest`.
         *
         *     The same page as `GET /api/v2/chat/conversations`, when `user_id` is the caller's own (their user number,
         *     as the dialect's answers give it, or their user id). Any other id is **404**: never someone else's list.
         */
        get: operations["compatV2ListUserConversations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/chat/placeholder.png": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dialect 003: the placeholder image of `shop_logo`
         * @description **Roles:** none — public, like any image an app loads without a token (`security: []`, `x-roles: []`).
         *
         *     A small grey PNG: what `shop_logo` points at when the shop has no logo, so the app always gets an image
         *     it can load.
         */
        get: operations["compatV2Placeholder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dialect 004: the caller's conversations
         * @description **Roles:** `customer`, `seller`, `agent`, `guest`. Requires `X-PUBLIC-KEY`.
         *
         *     The caller's (non-archived) conversations, most recent activity first, 15 per page (Laravel's paginator).
         */
        get: operations["compatPkListConversations"];
        put?: never;
        /**
         * Dialect 004 (conversations with participants): open a conversation with a participant
         * @description **Roles:** `customer`, `seller` (as the core's direct conversations: a seller with a customer; guests
         *     **403**). Requires `X-PUBLIC-KEY` (the platform, i.e. the tenant; the token must be of that tenant, else
         *     **401**).
         *
         *     The core's direct conversation with `participant_uuid` (a participant `uuid` of our answers, or any user
         *     id the tenant knows), tagged with
         *     `taggable_type`/`taggable_id` or not (`App\Models\Order` #123 is the core topic `order/123`). One
         *     conversation per (pair, tag): **201** also when it existed (the only success the document names).
         *     Errors are Laravel's; a server error is `{ success: false, message: "Failed to create conversation", error }`.
         */
        post: operations["compatPkCreateConversation"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chat/conversations/{uuid}/messages": {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Compatibility dialect 004: the calling platform's public key, mapped to a tenant by the deployment's
                 *     `COMPAT_PUBLIC_KEYS`. Missing, unknown, or naming another tenant than the token's → 401.
                 */
                "X-PUBLIC-KEY": components["parameters"]["XPublicKey"];
            };
            path: {
                /** @description The conversation's `uuid`, its number (`pivot.conversation_id`) or its core id. */
                uuid: string;
            };
            cookie?: never;
        };
        /**
         * Dialect 004: a conversation's messages, newest first
         * @description **Roles:** `customer`, `seller`, `agent`, `guest`. Requires `X-PUBLIC-KEY`.
         *
         *     15 per page, newest first. Showing page 1 reads the conversation for the caller. **404** unless the caller
         *     participates.
         */
        get: operations["compatPkListMessages"];
        put?: never;
        /**
         * Dialect 004: send a message
         * @description **Roles:** `customer`, `seller`, `agent`, `guest`. Requires `X-PUBLIC-KEY`.
         *
         *     The core send: **201** with the stored message, or **200** with the original message for a retry with the
         *     same `client_message_id`. **404** unless the caller participates. Beyond the sender's message rate (see
         *     "Rate limits"): **429** `{ "message": "Too Many Attempts." }` with `Retry-After`. A server error is
         *     `{ success: false, message: "Failed to send message", error }`.
         */
        post: operations["compatPkSendMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness probe (no authentication)
         * @description **Roles:** none — no token needed (`security: []`, `x-roles: []`).
         *
         *     Responds **200** once everything is ready (locally: DynamoDB Local with its table and stream, the local
         *     SES endpoint, the HTTP API and the WebSocket API). Until then it does not respond 200.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/_local/emails": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every email the local stack sent, raw (local stack only, never deployed)
         * @description **Roles:** none — no token needed (`security: []`, `x-roles: []`). **Local stack only**: `npm start` serves it
         *     on the HTTP port; the deployed API has no such route.
         *
         *     Every email handed to SES, **newest first**, with `raw` the MIME message exactly as handed to SES (the local
         *     SES inbox rebuilds raw emails and drops their custom headers, so threading headers, `Auto-Submitted` and the
         *     `Reply-To` reply address are read here). `messageId` is the MessageId SES answered.
         */
        get: operations["listLocalEmails"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /**
         * Format: date-time
         * @description ISO-8601 UTC timestamp with milliseconds, e.g. `2026-11-21T07:32:05.123Z`.
         * @example 2026-11-21T07:32:05.123Z
         */
        Timestamp: string;
        /** @description A user id (the `sub` claim), 1..128 characters. */
        UserId: string;
        /** @description A storefront product id. */
        ProductIdValue: string;
        /** @description A tenant id (the `tenant` claim); `default` when absent. */
        TenantId: string;
        /**
         * @description The `role` claim of a token.
         * @enum {string}
         */
        Role: "customer" | "seller" | "agent" | "guest" | "service";
        /**
         * @description The role a participant had when joining the conversation.
         * @enum {string}
         */
        ParticipantRole: "customer" | "seller" | "agent" | "guest";
        /**
         * @description Message text: 1..4000 characters after trimming leading and trailing whitespace (whitespace-only text
         *     is invalid).
         */
        MessageText: string;
        /** @description Client-chosen idempotency key of a message, unique per conversation. */
        ClientMessageId: string;
        /**
         * Format: uri
         * @description An absolute `http` or `https` URL.
         */
        HttpUrl: string;
        /** Format: email */
        Email: string;
        /** @description A seller in the directory (as stored by `PUT /v1/catalog/sellers/{sellerId}`). */
        Seller: {
            id: components["schemas"]["UserId"];
            shopName: string;
            email: components["schemas"]["Email"];
            logoUrl?: components["schemas"]["HttpUrl"];
            /** @description When the entry was last stored. */
            updatedAt: components["schemas"]["Timestamp"];
        };
        /** @description A product in the directory (as stored by `PUT /v1/catalog/products/{productId}`). */
        Product: {
            id: components["schemas"]["ProductIdValue"];
            name: string;
            sellerId: components["schemas"]["UserId"];
            imageUrl?: components["schemas"]["HttpUrl"];
            url?: components["schemas"]["HttpUrl"];
            /** @description Display price, free text (e.g. `89.90 EUR`). */
            price?: string;
            /** @description When the entry was last stored. */
            updatedAt: components["schemas"]["Timestamp"];
        };
        PutSellerRequest: {
            shopName: string;
            email: components["schemas"]["Email"];
            logoUrl?: components["schemas"]["HttpUrl"];
        };
        PutProductRequest: {
            name: string;
            /** @description Must be a seller already in the directory of the caller's tenant (else 422). */
            sellerId: components["schemas"]["UserId"];
            imageUrl?: components["schemas"]["HttpUrl"];
            url?: components["schemas"]["HttpUrl"];
            /** @description Display price, free text. */
            price?: string;
        };
        SellerEnvelope: {
            seller: components["schemas"]["Seller"];
        };
        ProductEnvelope: {
            product: components["schemas"]["Product"];
        };
        Topic: {
            /**
             * @description `product`, `order`, `support`, or another client-defined kind.
             * @example product
             * @example order
             * @example support
             */
            type: string;
            /** @description Id of the topic (product id, order id, …). */
            id: string;
        };
        /** @description The product a conversation is about (a copy of directory facts). */
        ProductSummary: {
            id: components["schemas"]["ProductIdValue"];
            name: string;
            imageUrl?: components["schemas"]["HttpUrl"];
            url?: components["schemas"]["HttpUrl"];
        };
        /** @description The seller of a conversation (public directory facts; never the e-mail address). */
        SellerSummary: {
            id: components["schemas"]["UserId"];
            shopName: string;
            logoUrl?: components["schemas"]["HttpUrl"];
        };
        Participant: {
            userId: components["schemas"]["UserId"];
            role: components["schemas"]["ParticipantRole"];
            /** @description Display name, when known. */
            name?: string;
            unreadCount: number;
            /** @description Highest `seq` this participant has read; 0 when nothing was read yet. */
            lastReadSeq: number;
            /** @description When this participant last marked messages read; `null` if never. */
            lastReadAt: components["schemas"]["Timestamp"] | null;
            joinedAt: components["schemas"]["Timestamp"];
        };
        LastMessage: {
            id: string;
            seq: number;
            senderId: components["schemas"]["UserId"];
            text: string;
            createdAt: components["schemas"]["Timestamp"];
            /**
             * @description The message was redacted after it became the preview (`text` is then `""`).
             * @constant
             */
            redacted?: true;
        };
        /**
         * @description A conversation as seen by the caller: `archived` and `unreadCount` are the caller's own.
         *     `lastMessage`, `unreadCount` and `updatedAt` follow new messages with eventual consistency.
         */
        Conversation: {
            /** @description Opaque, URL-safe id. */
            id: string;
            topic: components["schemas"]["Topic"] | null;
            subject: string;
            product: components["schemas"]["ProductSummary"] | null;
            seller: components["schemas"]["SellerSummary"] | null;
            participants: components["schemas"]["Participant"][];
            lastMessage: components["schemas"]["LastMessage"] | null;
            /** @description Whether the caller archived this conversation. */
            archived: boolean;
            /** @description The caller's unread messages in this conversation. */
            unreadCount: number;
            createdAt: components["schemas"]["Timestamp"];
            updatedAt: components["schemas"]["Timestamp"];
        };
        ConversationPage: {
            items: components["schemas"]["Conversation"][];
            /** @description Opaque cursor of the next page; `null` when there is none. */
            nextCursor: string | null;
        };
        /** Product form */
        CreateProductConversationRequest: {
            productId: components["schemas"]["ProductIdValue"];
            message?: components["schemas"]["MessageText"];
            /** @description Defaults to the product name. */
            subject?: string;
            clientMessageId?: components["schemas"]["ClientMessageId"];
        };
        /** Participant form */
        CreateParticipantConversationRequest: {
            /** @description The other user; must be known and must not be the caller (else 422). */
            participantId: components["schemas"]["UserId"];
            topic?: components["schemas"]["Topic"];
            message?: components["schemas"]["MessageText"];
            subject?: string;
            clientMessageId?: components["schemas"]["ClientMessageId"];
        };
        CreateConversationRequest: components["schemas"]["CreateProductConversationRequest"] | components["schemas"]["CreateParticipantConversationRequest"];
        UpdateConversationRequest: {
            archived: boolean;
        };
        MarkReadRequest: {
            /** @description Mark messages up to and including this `seq` as read; default the latest. The read position never moves backwards. */
            seq?: number;
        };
        ReadState: {
            unreadCount: number;
            lastReadSeq: number;
            lastReadAt: components["schemas"]["Timestamp"] | null;
        };
        UnreadSummary: {
            /** @description Sum of the caller's unread counts. */
            total: number;
            /** @description Number of the caller's conversations with an unread count above 0. */
            conversations: number;
        };
        Message: {
            id: string;
            conversationId: string;
            /** @description Gap-free, strictly increasing per conversation, in commit order. */
            seq: number;
            senderId: components["schemas"]["UserId"];
            /** @description As sent (contact details `[hidden]` under a masking policy); empty for a message of attachments alone, and `""` once redacted. */
            text: string;
            createdAt: components["schemas"]["Timestamp"];
            clientMessageId?: components["schemas"]["ClientMessageId"];
            /** @description Present only when the message has attachments, in the order sent. */
            attachments?: components["schemas"]["MessageAttachment"][];
            moderation?: components["schemas"]["MessageModeration"];
            /**
             * @description A moderator or an erasure emptied this message; `seq` stays.
             * @constant
             */
            redacted?: true;
        };
        /** @enum {string} */
        AttachmentContentType: "image/jpeg" | "image/png" | "image/webp" | "image/gif" | "application/pdf";
        /** @description The id `POST /v1/conversations/{id}/attachments` answered. */
        AttachmentId: string;
        Attachment: {
            id: components["schemas"]["AttachmentId"];
            fileName: string;
            contentType: components["schemas"]["AttachmentContentType"];
            /** @description Bytes. */
            size: number;
        };
        /** @description An attachment as participants see it, with a short-lived download link. */
        MessageAttachment: {
            id: components["schemas"]["AttachmentId"];
            fileName: string;
            contentType: components["schemas"]["AttachmentContentType"];
            size: number;
            /**
             * Format: uri
             * @description A presigned GET of the verified file, valid at most 15 minutes from when this answer was made.
             */
            url: string;
        };
        CreateAttachmentRequest: {
            /** @description Shown to the other participants; no control characters. */
            fileName: string;
            contentType: components["schemas"]["AttachmentContentType"];
            /** @description The file's exact size in bytes (at most 10 MiB). */
            size: number;
        };
        AttachmentUpload: {
            attachment: components["schemas"]["Attachment"];
            /** @description An S3 presigned POST for exactly the declared file. */
            upload: {
                /** Format: uri */
                url: string;
                /** @description Form fields to send, in any order, before the file. */
                fields: {
                    [key: string]: string;
                };
                expiresAt: components["schemas"]["Timestamp"];
            };
        };
        /** @description Attachments the sender uploaded in this conversation and has not sent before, each once. */
        AttachmentIds: components["schemas"]["AttachmentId"][];
        MessagePage: {
            items: components["schemas"]["Message"][];
            /** @description Opaque cursor of the next page in the requested direction (pass it as `cursor`), else `null`. */
            nextCursor: string | null;
        };
        /** @description `text`, `attachments`, or both: one of them is required (else 422 at `text`). */
        SendMessageRequest: {
            /** @description 1..4000 characters after trimming; may be empty or absent when `attachments` are given. */
            text?: string;
            attachments?: components["schemas"]["AttachmentIds"];
            clientMessageId?: components["schemas"]["ClientMessageId"];
        };
        MessageEnvelope: {
            message: components["schemas"]["Message"];
        };
        /**
         * @description `allow`: message text as written. `mask`: e-mail addresses, phone numbers and links (except to
         *     `allowDomains`) become `[hidden]`. `mask-before-order`: like `mask`, except in conversations whose topic
         *     type is `order`.
         * @enum {string}
         */
        ContactInfoRule: "allow" | "mask" | "mask-before-order";
        /** @description A host name; its subdomains are included. */
        Domain: string;
        Policy: {
            contactInfo: components["schemas"]["ContactInfoRule"];
            allowDomains: components["schemas"]["Domain"][];
        };
        PutPolicyRequest: {
            contactInfo: components["schemas"]["ContactInfoRule"];
            /** @description Links and e-mail addresses at these domains (and their subdomains) are never masked. Default none. */
            allowDomains?: components["schemas"]["Domain"][];
        };
        BlockState: {
            conversationId: string;
            /** @description Whether the caller's block now stands. */
            blocked: boolean;
        };
        /** @enum {string} */
        ReportReason: "spam" | "abuse" | "fraud" | "other";
        /** @enum {string} */
        ReportStatusValue: "open" | "resolved" | "dismissed";
        ReportRequest: {
            /** @description The reported message (omit to report the conversation as a whole). */
            messageId?: string;
            reason: components["schemas"]["ReportReason"];
            /** @description Free text for the moderators (trimmed). */
            note?: string;
        };
        Report: {
            id: string;
            conversationId: string;
            messageId: string | null;
            reporterId: components["schemas"]["UserId"];
            reason: components["schemas"]["ReportReason"];
            note: string | null;
            status: components["schemas"]["ReportStatusValue"];
            createdAt: components["schemas"]["Timestamp"];
            updatedAt: components["schemas"]["Timestamp"];
        };
        ReportEnvelope: {
            report: components["schemas"]["Report"];
        };
        /** @description A message as moderators (and its author's data export) see it. */
        ModeratedMessage: {
            id: string;
            conversationId: string;
            seq: number;
            senderId: components["schemas"]["UserId"];
            text: string;
            createdAt: components["schemas"]["Timestamp"];
            clientMessageId?: components["schemas"]["ClientMessageId"];
            moderation?: components["schemas"]["MessageModeration"];
            /** @constant */
            redacted?: true;
            /** @description The text as written, when the policy masked `text`. Moderators and the author's export only. */
            originalText?: string;
        };
        /** @description A report as moderators see it, with the reported message as it is now (`null` for a report about the whole conversation). */
        ModerationReport: {
            id: string;
            conversationId: string;
            messageId: string | null;
            reporterId: components["schemas"]["UserId"];
            reason: components["schemas"]["ReportReason"];
            note: string | null;
            status: components["schemas"]["ReportStatusValue"];
            createdAt: components["schemas"]["Timestamp"];
            updatedAt: components["schemas"]["Timestamp"];
            message: components["schemas"]["ModeratedMessage"] | null;
        };
        ModerationReportEnvelope: {
            report: components["schemas"]["ModerationReport"];
        };
        ModerationReportPage: {
            items: components["schemas"]["ModerationReport"][];
            nextCursor: string | null;
        };
        ReportStatusRequest: {
            status: components["schemas"]["ReportStatusValue"];
        };
        /** @description What the user's tokens told the chat about them (kept to address them). */
        UserProfile: {
            userId: components["schemas"]["UserId"];
            role: components["schemas"]["Role"];
            name?: string;
            email?: string;
            updatedAt: components["schemas"]["Timestamp"];
        };
        UserDataPage: {
            userId: components["schemas"]["UserId"];
            exportedAt: components["schemas"]["Timestamp"];
            /** @description First page only. */
            profile?: components["schemas"]["UserProfile"] | null;
            /** @description First page only. */
            seller?: components["schemas"]["Seller"] | null;
            /** @description First page only. */
            conversations?: components["schemas"]["Conversation"][];
            /** @description First page only. */
            reports?: components["schemas"]["Report"][];
            messages: components["schemas"]["ModeratedMessage"][];
            nextCursor: string | null;
        };
        Erasure: {
            /** @description The request's id (its audit record). */
            id: string;
            userId: components["schemas"]["UserId"];
            /** @constant */
            status: "running";
            requestedAt: components["schemas"]["Timestamp"];
            /** @description WebSocket sessions of the user that were open and are now closed. */
            sessionsClosed: number;
        };
        ErasureEnvelope: {
            erasure: components["schemas"]["Erasure"];
        };
        MessageModeration: {
            /**
             * @description The tenant's policy replaced contact details in `text` with `[hidden]`.
             * @constant
             */
            masked: true;
        };
        GuestSessionRequest: {
            name?: string;
            email?: components["schemas"]["Email"];
        };
        GuestSession: {
            /** @description A JWT with `role = guest` and the requested tenant; send it as `Authorization: Bearer <token>`. */
            token: string;
            /** @description The guest's user id (the token's `sub`). */
            userId: components["schemas"]["UserId"];
            /** @description Expiry of the token (24 hours after issue). */
            expiresAt: components["schemas"]["Timestamp"];
        };
        CreateSupportConversationRequest: {
            message?: components["schemas"]["MessageText"];
            productId?: components["schemas"]["ProductIdValue"];
            clientMessageId?: components["schemas"]["ClientMessageId"];
        };
        SupportConversationResult: {
            /** @description The support conversation (`topic.type = "support"`). */
            conversation: components["schemas"]["Conversation"];
            /** @description `true` when no agent of the tenant is online. */
            allAgentsIdle: boolean;
        };
        SupportAvailability: {
            allAgentsIdle: boolean;
            onlineAgents: number;
        };
        AgentStatusRequest: {
            /** @enum {string} */
            status: "online" | "away";
        };
        AgentStatus: {
            /** @enum {string} */
            status: "online" | "away";
        };
        /** @description Readiness details; only the 200 status is part of the contract. */
        Health: {
            /** @example ok */
            status?: string;
        };
        /** @description One email the local stack handed to SES (`GET /_local/emails`, local stack only). */
        LocalEmail: {
            /** @description The MessageId SES answered. */
            messageId: string;
            to: string[];
            /** @description The Subject, decoded. */
            subject: string;
            /** @description The MIME message exactly as handed to SES (SendRawEmail). */
            raw: string;
        };
        /** @description An id as the dialects' apps type it — a number when all digits (and a safe integer), else the string it is. */
        LooseId: number | string;
        /** @description 8-4-4-4-12 hex (what Swift `UUID`, Kotlin `UUID.fromString` and Laravel's `uuid` rule accept). */
        CompatUuid: string;
        /**
         * @description The user's tenant-wide number (users and sellers alike, whatever their user id looks like): assigned the
         *     first time a dialect shows the user, never changed, unique in the tenant (not gap-free).
         */
        CompatUserNumber: number;
        /** @description An absolute http(s) URL; the API's placeholder image (`GET /api/v2/chat/placeholder.png`) when none is known. */
        CompatImageUrl: string;
        /** @description Laravel's JSON date (UTC, microseconds), e.g. `2025-10-15T10:30:00.123000Z`. */
        LaravelTimestamp: string;
        /** @description A MySQL DATETIME in UTC, e.g. `2023-09-28 19:15:22`. */
        SqlDateTime: string;
        /** @description Optional; makes a retried send safe (the core's `clientMessageId` de-duplication). */
        CompatClientMessageId: string;
        /** @description Dialects 000/002: one message. `user` = 1 when the customer (or guest) sent it, `admin` = 1 when an agent did. */
        SupportChatItem: {
            message: string;
            created_at: components["schemas"]["SqlDateTime"];
            /** @enum {integer} */
            user: 0 | 1;
            /** @enum {integer} */
            admin: 0 | 1;
        };
        /** @description The body may be omitted or `{}` (then nothing is stored; the chat is returned). */
        NewChatRequest: {
            /** @description Accepted and ignored; the caller is the token's user (or the new guest). */
            user_id?: number | string | null;
            /** @description Appended as the caller, after the product line (trimmed; blank → 422). */
            message?: string | null;
            /** @description The product of the enquiry; its name is sent first. Unknown → 422 (`errors.product_id`). */
            product_id?: components["schemas"]["LooseId"] | null;
            /** @description The document's optional body token, used when there is no `Authorization` header (invalid → 401). */
            token?: string;
            client_message_id?: components["schemas"]["CompatClientMessageId"];
        };
        NewChatResult: {
            /** @constant */
            success: true;
            /** @constant */
            message: "success";
            /** @constant */
            status_code: 200;
            /** @description The conversation's newest 100 messages, oldest first. */
            chats: components["schemas"]["SupportChatItem"][];
            /** @description No agent of the tenant is online (`GET /v1/support/availability` `allAgentsIdle`). */
            is_allAdminIdle: boolean;
            /** @description The conversation's number (the core conversation id is in `GET /api/v1/chat/list`). */
            chat_id: number;
            /** @description The caller (the guest's id when one was created). */
            user_id: components["schemas"]["LooseId"];
            /** @description Only when a guest was just created for a caller without a token — that guest's token (also in `X-Guest-Token`). */
            token?: string;
        };
        /** @description Dialect 002: a conversation entry as its viewer sees it. */
        SupportChatConversation: {
            /** @description The conversation's number (`newChat`'s `chat_id`). */
            chat_id: number;
            /** @description The core conversation id. */
            conversation_id: string;
            /** @description The customer or guest. */
            user_id: components["schemas"]["LooseId"] | null;
            user_name: string | null;
            /** @enum {string|null} */
            user_type: "customer" | "guest" | null;
            subject: string;
            product_id: components["schemas"]["LooseId"] | null;
            product_name: string | null;
            /** @description The viewer's own unread messages (an agent's — the support team's), before this view read any. */
            unread_count: number;
            created_at: components["schemas"]["SqlDateTime"];
            updated_at: components["schemas"]["SqlDateTime"];
            /** @description Newest messages, oldest first (users 100, agents 20). */
            chats: components["schemas"]["SupportChatItem"][];
        };
        SupportChatListResult: {
            /** @constant */
            success: true;
            /** @constant */
            message: "success";
            /** @constant */
            status_code: 200;
            /** @description Users — their support chat, as `newChat` answers it; agents — empty. */
            chats: components["schemas"]["SupportChatItem"][];
            is_allAdminIdle: boolean;
            /** @description Show the admin-away prompt (`is_allAdminIdle`; always false for agents). */
            show_admin_away_prompt: boolean;
            /** @description The prompt's text. */
            admin_away_message: string;
            /** @description Users — their support conversation (0 or 1 entries); agents — a page of the tenant's support queue. */
            conversations: components["schemas"]["SupportChatConversation"][];
            current_page: number;
            last_page: number;
            /** @constant */
            per_page: 20;
            total: number;
        };
        SupportChatError: {
            /** @constant */
            success: false;
            message: string;
            status_code: number;
            errors?: {
                [key: string]: string[];
            };
        };
        StartChatRequest: {
            /** @enum {string} */
            type: "agent-to-user" | "vendor-to-user";
            order_id: components["schemas"]["LooseId"];
            order_vendor_id: components["schemas"]["LooseId"];
            /** @description The seller's id; required for `vendor-to-user` (unknown → 422). */
            vendor_id?: components["schemas"]["LooseId"];
            /** @description Echoed. */
            sub_domain?: string;
            /** @description Echoed. */
            client_id?: components["schemas"]["LooseId"];
            /** @description Echoed as `db_name` and `agent_db` (default the tenant). */
            db_name?: string;
            /** @description Accepted and ignored. */
            user_id?: unknown;
        };
        OrderRoom: {
            /** @description The core conversation id. */
            _id: string;
            /** @constant */
            status: true;
            /** @enum {string} */
            type: "agent_to_user" | "vendor_to_user";
            /** @description The conversation's number. */
            room_id: string;
            /** @description `OrderNo-<room_id>-orderId-<order_id>-oderVendor-<order_vendor_id>-agentId-<agent_id>` (the document's spelling). */
            room_name: string;
            order_vendor_id: string;
            order_id: string;
            agent_db: string;
            /** @description `""` when not given. */
            vendor_id: string;
            sub_domain: string;
            vendor_user_id: string;
            /** @description The caller. */
            order_user_id: string;
            /** @description The vendor id, or `support` for agent-to-user rooms. */
            agent_id: string;
            db_name: string;
            client_id: string;
            created_date: components["schemas"]["Timestamp"];
            updated_date: components["schemas"]["Timestamp"];
            /** @constant */
            __v: 0;
        };
        StartChatResult: {
            /** @constant */
            message: "Room created successfully !!!";
            roomData: components["schemas"]["OrderRoom"];
            /** @constant */
            status: 200;
        };
        OrderRoomError: {
            message: string;
            status: number;
            errors?: {
                [key: string]: string[];
            };
        };
        LaravelLinks: {
            /** Format: uri */
            first: string;
            /** Format: uri */
            last: string;
            prev: string | null;
            next: string | null;
        };
        LaravelMeta: {
            current_page: number;
            from: number | null;
            last_page: number;
            /** Format: uri */
            path: string;
            per_page: number;
            to: number | null;
            total: number;
        };
        LaravelError: {
            message: string;
            errors?: {
                [key: string]: string[];
            };
        };
        LaravelServerError: {
            /** @constant */
            success: false;
            message: string;
            error: string;
        };
        /** @description Dialect 003: a product conversation. The sender is the opener (customer), the receiver the seller. */
        V2Conversation: {
            /** @description The conversation's number. */
            id: number;
            sender_id: components["schemas"]["CompatUserNumber"];
            receiver_id: components["schemas"]["CompatUserNumber"];
            /** @enum {string} */
            receiver_type: "customer" | "seller" | "admin";
            /** @description The seller's user number. */
            shop_id: components["schemas"]["CompatUserNumber"];
            /** @description "In House Product" without a seller shop. */
            shop_name: string;
            shop_logo: components["schemas"]["CompatImageUrl"];
            /** @description The catalog's product id when it is an integer (what the app sends back to create-conversation), else null. */
            product_id: number | null;
            title: string;
            /** @enum {integer} */
            sender_viewed: 0 | 1;
            /** @enum {integer} */
            receiver_viewed: 0 | 1;
            created_at: components["schemas"]["LaravelTimestamp"];
            /** @description Last activity. */
            date: components["schemas"]["LaravelTimestamp"];
        };
        V2Message: {
            /** @description The message's seq (gap-free, increasing per conversation). */
            id: number;
            conversation_id: number;
            user_id: components["schemas"]["CompatUserNumber"];
            /** @enum {string} */
            send_type: "customer" | "seller" | "admin";
            message: string;
            created_at: components["schemas"]["LaravelTimestamp"];
            /** @example 2023 */
            year: string;
            /** @example 03 */
            month: string;
            /** @example 24-Mar */
            day_of_month: string;
            /** @example March 24, 2023 */
            date: string;
            /** @example 09:53 am */
            time: string;
        };
        V2ConversationPage: {
            data: components["schemas"]["V2Conversation"][];
            links: components["schemas"]["LaravelLinks"];
            meta: components["schemas"]["LaravelMeta"];
            /** @constant */
            success: true;
            /** @constant */
            status: 200;
        };
        V2MessagePage: {
            data: components["schemas"]["V2Message"][];
            links: components["schemas"]["LaravelLinks"];
            meta: components["schemas"]["LaravelMeta"];
            /** @constant */
            success: true;
            /** @constant */
            status: 200;
        };
        V2CreateConversationRequest: {
            product_id: components["schemas"]["LooseId"];
            /** @description Default the product's name. */
            title?: string;
            message?: string;
            client_message_id?: components["schemas"]["CompatClientMessageId"];
        };
        V2CreateConversationResult: {
            /** @constant */
            result: true;
            /** @constant */
            success: true;
            /** @constant */
            message: "Conversation created";
            conversation_id: number;
            shop_name: string;
            shop_logo: components["schemas"]["CompatImageUrl"];
            title: string;
        };
        V2InsertMessageRequest: {
            /** @description The conversation's number or id. */
            conversation_id: components["schemas"]["LooseId"];
            message: string;
            client_message_id?: components["schemas"]["CompatClientMessageId"];
        };
        PkPivot: {
            /** @description The conversation's number. */
            conversation_id: number;
            user_id: components["schemas"]["CompatUserNumber"];
            unread_count: number;
            last_read_at: components["schemas"]["LaravelTimestamp"] | null;
            joined_at: components["schemas"]["LaravelTimestamp"];
            created_at: components["schemas"]["LaravelTimestamp"];
            updated_at: components["schemas"]["LaravelTimestamp"];
        };
        PkParticipant: {
            /** @description The participant's user id when it is a UUID, else their user number as a UUID (accepted back as `participant_uuid`). */
            uuid: components["schemas"]["CompatUuid"];
            name: string | null;
            /** @description Only the caller's own; others are null. */
            email: string | null;
            pivot: components["schemas"]["PkPivot"];
        };
        PkConversation: {
            /** @description The conversation's number as a version-8 UUID (exactly invertible); every 004 route accepts it. */
            uuid: components["schemas"]["CompatUuid"];
            /** @example App\Models\Order */
            taggable_type: string | null;
            /** @description The topic's id when it is an integer (an order number), else null. */
            taggable_id: number | null;
            last_message_text: string | null;
            last_message_at: components["schemas"]["LaravelTimestamp"] | null;
            is_archived: boolean;
            created_at: components["schemas"]["LaravelTimestamp"];
            updated_at: components["schemas"]["LaravelTimestamp"];
            participants: components["schemas"]["PkParticipant"][];
        };
        PkMessage: {
            /** @description The message's seq. */
            id: number;
            /** @description The core message id (128 bits) in hex. */
            uuid: components["schemas"]["CompatUuid"];
            conversation_uuid: components["schemas"]["CompatUuid"];
            user_uuid: components["schemas"]["CompatUuid"];
            text: string;
            client_message_id?: components["schemas"]["CompatClientMessageId"];
            created_at: components["schemas"]["LaravelTimestamp"];
            updated_at: components["schemas"]["LaravelTimestamp"];
        };
        /** @description `taggable_type` and `taggable_id` come together or not at all. */
        PkCreateConversationRequest: {
            /** @description A participant `uuid` of our answers, or any user id of the tenant (directory sellers, users who have chatted). */
            participant_uuid: components["schemas"]["LooseId"];
            /** @description A PHP class name or morph alias (`App\Models\Order` → core topic type `order`). */
            taggable_type?: string | null;
            taggable_id?: components["schemas"]["LooseId"] | null;
        };
        /** @description The text as `text` or `message` (one is required). */
        PkSendMessageRequest: {
            text?: string | null;
            message?: string | null;
            client_message_id?: components["schemas"]["CompatClientMessageId"];
        };
        PkConversationResult: {
            /** @constant */
            message: "Conversation created successfully";
            data: components["schemas"]["PkConversation"];
        };
        PkConversationPage: {
            /** @constant */
            message: "Conversations retrieved successfully";
            data: components["schemas"]["PkConversation"][];
            links: components["schemas"]["LaravelLinks"];
            meta: components["schemas"]["LaravelMeta"];
        };
        PkMessageResult: {
            /** @constant */
            message: "Message sent successfully";
            data: components["schemas"]["PkMessage"];
        };
        PkMessagePage: {
            /** @constant */
            message: "Messages retrieved successfully";
            data: components["schemas"]["PkMessage"][];
            links: components["schemas"]["LaravelLinks"];
            meta: components["schemas"]["LaravelMeta"];
        };
        /** @description RFC 9457 problem details (`application/problem+json`). */
        Problem: {
            /**
             * Format: uri-reference
             * @description Problem type URI; `about:blank` when the HTTP status says it all.
             * @default about:blank
             */
            type: string;
            /** @description Short, human-readable summary of the problem type. */
            title: string;
            /** @description The HTTP status code. */
            status: number;
            /** @description Human-readable explanation of this occurrence; never contains internals. */
            detail: string;
            /** Format: uri-reference */
            instance?: string;
            /** @description Id of the request (API Gateway's request id), for support and log correlation. */
            requestId?: string;
            /** @description For 422 — every invalid field (dotted path for nested body fields, name for query parameters) mapped to its messages. */
            errors?: {
                [key: string]: string[];
            };
        };
        /** @description `text`, `attachments`, or both: one of them is required (as in `SendMessageRequest`). */
        WsSendMessageAction: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "sendMessage";
            conversationId: string;
            /** @description 1..4000 characters after trimming; may be empty or absent when `attachments` are given. */
            text?: string;
            attachments?: components["schemas"]["AttachmentIds"];
            clientMessageId?: components["schemas"]["ClientMessageId"];
        };
        WsMarkReadAction: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "markRead";
            conversationId: string;
            /** @description Default the latest message (same rules as `MarkReadRequest.seq`). */
            seq?: number;
        };
        WsTypingAction: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "typing";
            conversationId: string;
        };
        WsPingAction: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            action: "ping";
        };
        WsClientAction: components["schemas"]["WsSendMessageAction"] | components["schemas"]["WsMarkReadAction"] | components["schemas"]["WsTypingAction"] | components["schemas"]["WsPingAction"];
        WsMessageCreatedEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "message.created";
            conversationId: string;
            message: components["schemas"]["Message"];
        };
        WsMessageRedactedEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "message.redacted";
            conversationId: string;
            messageId: string;
        };
        WsConversationReadEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "conversation.read";
            conversationId: string;
            userId: components["schemas"]["UserId"];
            lastReadSeq: number;
        };
        WsTypingEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "typing";
            conversationId: string;
            userId: components["schemas"]["UserId"];
        };
        WsErrorEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "error";
            /** @description The HTTP status the same request would get over HTTP (400, 403, 404, 413, 422, 429, 500). */
            status: number;
            title: string;
            detail: string;
            /** @description Only with status 422 — every invalid field of the action (e.g. `text`, `seq`) mapped to its messages, as in `Problem.errors`. */
            errors?: {
                [key: string]: string[];
            };
            requestId?: string;
        };
        WsMessageAckEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "message.ack";
            clientMessageId?: components["schemas"]["ClientMessageId"];
            message: components["schemas"]["Message"];
        };
        WsPongEvent: {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            type: "pong";
        };
        WsServerEvent: components["schemas"]["WsMessageCreatedEvent"] | components["schemas"]["WsMessageRedactedEvent"] | components["schemas"]["WsConversationReadEvent"] | components["schemas"]["WsTypingEvent"] | components["schemas"]["WsErrorEvent"] | components["schemas"]["WsMessageAckEvent"] | components["schemas"]["WsPongEvent"];
    };
    responses: {
        /** @description The body is not JSON, or not a JSON object. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "about:blank",
                 *       "title": "Bad Request",
                 *       "status": 400,
                 *       "detail": "The request body must be a JSON object."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Token missing, malformed, expired, or with a wrong signature, issuer or audience. */
        Unauthorized: {
            headers: {
                "WWW-Authenticate": components["headers"]["WWW-Authenticate"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "about:blank",
                 *       "title": "Unauthorized",
                 *       "status": 401,
                 *       "detail": "The bearer token is missing or invalid."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The caller's role may not call this route at all. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "about:blank",
                 *       "title": "Forbidden",
                 *       "status": 403,
                 *       "detail": "Role \"seller\" may not call this route."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description No such resource, or the caller is not a participant (existence is never revealed; other tenants' data is never visible). */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "about:blank",
                 *       "title": "Not Found",
                 *       "status": 404,
                 *       "detail": "Conversation not found."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description A conflict that a retry with the same input will not fix. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "about:blank",
                 *       "title": "Conflict",
                 *       "status": 409,
                 *       "detail": "clientMessageId \"m-7f3a9c\" was already used for a different text in this conversation."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The request body is larger than 64 KiB (65 536 bytes). */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "about:blank",
                 *       "title": "Content Too Large",
                 *       "status": 413,
                 *       "detail": "The request body exceeds 65536 bytes."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Validation failed; `errors` names every bad field (body fields by their dotted path, query parameters by name). */
        UnprocessableContent: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "about:blank",
                 *       "title": "Unprocessable Content",
                 *       "status": 422,
                 *       "detail": "The request has 2 invalid fields.",
                 *       "errors": {
                 *         "text": [
                 *           "must contain 1..4000 characters after trimming"
                 *         ],
                 *         "clientMessageId": [
                 *           "must match ^[A-Za-z0-9_-]+$"
                 *         ]
                 *       }
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Rate limited. Retry after the number of seconds in `Retry-After`. */
        TooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "about:blank",
                 *       "title": "Too Many Requests",
                 *       "status": 429,
                 *       "detail": "Too many requests; retry in 30 seconds."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description An unexpected error. `detail` never contains internals (stack, DynamoDB text, ARNs). */
        InternalServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "about:blank",
                 *       "title": "Internal Server Error",
                 *       "status": 500,
                 *       "detail": "An unexpected error occurred."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description The identity provider's key set could not be fetched; the token was not judged. Retry after `Retry-After` seconds. */
        ServiceUnavailable: {
            headers: {
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "type": "about:blank",
                 *       "title": "Service Unavailable",
                 *       "status": 503,
                 *       "detail": "The identity provider is unavailable; retry shortly."
                 *     }
                 */
                "application/problem+json": components["schemas"]["Problem"];
            };
        };
        /** @description Dialects 000 and 002: an error in the success envelope. `status_code` is the HTTP status; `errors` (422) names each bad field, `message` is then its first sentence. */
        SupportChatError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "success": false,
                 *       "message": "The product id is not a known product.",
                 *       "status_code": 422,
                 *       "errors": {
                 *         "product_id": [
                 *           "The product id is not a known product."
                 *         ]
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["SupportChatError"];
            };
        };
        /** @description Dialect 000: a caller without a token became a guest too often from this IP (the guest-session budget), or the caller sent messages faster than their rate (see "Rate limits"). */
        SupportChatTooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "success": false,
                 *       "message": "Rate limit exceeded; retry after 42 s.",
                 *       "status_code": 429
                 *     }
                 */
                "application/json": components["schemas"]["SupportChatError"];
            };
        };
        /** @description Dialect 001: an error in its envelope `{ message, status, errors? }` (`status` = the HTTP status). */
        OrderRoomError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "message": "The request is not valid; see errors for each field.",
                 *       "status": 422,
                 *       "errors": {
                 *         "vendor_id": [
                 *           "is required for a vendor-to-user room"
                 *         ]
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["OrderRoomError"];
            };
        };
        /**
         * @description Dialects 003 and 004 (Laravel APIs): `{ message }`; 422 `{ message, errors }` with Laravel's sentences
         *     (`message` is the first, plus "(and N more errors)"); 401 `{ "message": "Unauthenticated." }`; 403
         *     `{ "message": "This action is unauthorized." }`; 429 `{ "message": "Too Many Attempts." }` with
         *     `Retry-After` (`LaravelTooManyRequests`).
         */
        LaravelError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "message": "The product id field is required.",
                 *       "errors": {
                 *         "product_id": [
                 *           "The product id field is required."
                 *         ]
                 *       }
                 *     }
                 */
                "application/json": components["schemas"]["LaravelError"];
            };
        };
        /** @description Dialects 003 and 004: the sender's message rate was exceeded (see "Rate limits"); Laravel's throttle answer. */
        LaravelTooManyRequests: {
            headers: {
                "Retry-After": components["headers"]["Retry-After"];
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "message": "Too Many Attempts."
                 *     }
                 */
                "application/json": components["schemas"]["LaravelError"];
            };
        };
        /** @description Dialect 004's documented 500 body for its write routes (`error` never holds internals). */
        LaravelServerError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                /**
                 * @example {
                 *       "success": false,
                 *       "message": "Failed to create conversation",
                 *       "error": "The server failed to handle the request; it has been logged."
                 *     }
                 */
                "application/json": components["schemas"]["LaravelServerError"];
            };
        };
    };
    parameters: {
        /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
        ConversationId: string;
        /** @description The seller's user id (the `sub` of the seller's tokens). */
        SellerId: components["schemas"]["UserId"];
        /** @description The storefront's product id. */
        ProductId: components["schemas"]["ProductIdValue"];
        /** @description A message's `id`. Unknown ids give 404. */
        MessageId: string;
        /** @description A report's `id` (opaque). Unknown ids and reports of other tenants give 404. */
        ReportId: string;
        /** @description The user (the `sub` of their tokens) in the caller's tenant. */
        SubjectUserId: components["schemas"]["UserId"];
        /** @description Which queue (default `open`). Anything else → 422. */
        ReportStatus: components["schemas"]["ReportStatusValue"];
        /** @description Messages per page, 1..1000 (default 500). Out of range or not an integer → 422. */
        ExportLimit: number;
        /** @description Page size, 1..100 (default 20). Out of range or not an integer → 422. */
        ConversationLimit: number;
        /** @description Page size, 1..100 (default 30). Out of range or not an integer → 422. */
        MessageLimit: number;
        /** @description The `nextCursor` of the previous page (opaque). A malformed or foreign cursor → 422. */
        Cursor: string;
        /** @description `true` lists the conversations the caller archived, `false` (default) the others. */
        Archived: boolean;
        /** @description History form — return messages with `seq < before`, newest first (`before` of 0 or 1 is an empty page). Cannot be combined with `after`. */
        Before: number;
        /** @description Polling form — return messages with `seq > after`, oldest first (`after=0` starts at the first message). Cannot be combined with `before`. */
        After: number;
        /** @description Tenant of the guest token to issue; `default` when absent. Malformed → 422. */
        XTenant: components["schemas"]["TenantId"];
        /** @description Compatibility dialects' page number (Laravel's paginator), 1..1000, default 1. Otherwise → 422 in the dialect's error body. */
        CompatPage: number;
        /** @description A conversation's number (what the dialect hands out) or its id. Unknown, foreign or not a participant → 404. */
        CompatConversationRef: string;
        /**
         * @description Compatibility dialect 004: the calling platform's public key, mapped to a tenant by the deployment's
         *     `COMPAT_PUBLIC_KEYS`. Missing, unknown, or naming another tenant than the token's → 401.
         */
        XPublicKey: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description Seconds to wait before retrying.
         * @example 30
         */
        "Retry-After": number;
        /**
         * @description The bearer challenge of RFC 6750, on every 401.
         * @example Bearer
         */
        "WWW-Authenticate": string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    putSeller: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The seller's user id (the `sub` of the seller's tokens). */
                sellerId: components["parameters"]["SellerId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "shopName": "Mountain Gear",
                 *       "email": "orders@mountain-gear.example",
                 *       "logoUrl": "https://cdn.mountain-gear.example/logo.png"
                 *     }
                 */
                "application/json": components["schemas"]["PutSellerRequest"];
            };
        };
        responses: {
            /** @description The stored seller. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "seller": {
                     *         "id": "seller-42",
                     *         "shopName": "Mountain Gear",
                     *         "email": "orders@mountain-gear.example",
                     *         "logoUrl": "https://cdn.mountain-gear.example/logo.png",
                     *         "updatedAt": "2026-11-21T07:30:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["SellerEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    putProduct: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The storefront's product id. */
                productId: components["parameters"]["ProductId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Trail Runner 2 backpack, 24 l",
                 *       "sellerId": "seller-42",
                 *       "imageUrl": "https://cdn.mountain-gear.example/p/tr2.jpg",
                 *       "url": "https://shop.example/p/tr2",
                 *       "price": "89.90 EUR"
                 *     }
                 */
                "application/json": components["schemas"]["PutProductRequest"];
            };
        };
        responses: {
            /** @description The stored product. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "product": {
                     *         "id": "prod-1001",
                     *         "name": "Trail Runner 2 backpack, 24 l",
                     *         "sellerId": "seller-42",
                     *         "imageUrl": "https://cdn.mountain-gear.example/p/tr2.jpg",
                     *         "url": "https://shop.example/p/tr2",
                     *         "price": "89.90 EUR",
                     *         "updatedAt": "2026-11-21T07:30:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ProductEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listConversations: {
        parameters: {
            query?: {
                /** @description Page size, 1..100 (default 20). Out of range or not an integer → 422. */
                limit?: components["parameters"]["ConversationLimit"];
                /** @description The `nextCursor` of the previous page (opaque). A malformed or foreign cursor → 422. */
                cursor?: components["parameters"]["Cursor"];
                /** @description `true` lists the conversations the caller archived, `false` (default) the others. */
                archived?: components["parameters"]["Archived"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of conversations. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationPage"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createConversation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateConversationRequest"];
            };
        };
        responses: {
            /** @description The conversation already existed (any `message` was appended to it). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            /** @description The conversation was created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getConversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The conversation, as seen by the caller (`archived`, `unreadCount` are the caller's own). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateConversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "archived": true
                 *     }
                 */
                "application/json": components["schemas"]["UpdateConversationRequest"];
            };
        };
        responses: {
            /** @description The updated conversation. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Conversation"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    markConversationRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "seq": 12
                 *     }
                 */
                "application/json": components["schemas"]["MarkReadRequest"];
            };
        };
        responses: {
            /** @description The caller's read state after the call. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "unreadCount": 0,
                     *       "lastReadSeq": 12,
                     *       "lastReadAt": "2026-11-21T07:40:12.345Z"
                     *     }
                     */
                    "application/json": components["schemas"]["ReadState"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getUnread: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Unread totals. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "total": 5,
                     *       "conversations": 2
                     *     }
                     */
                    "application/json": components["schemas"]["UnreadSummary"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listMessages: {
        parameters: {
            query?: {
                /** @description Page size, 1..100 (default 30). Out of range or not an integer → 422. */
                limit?: components["parameters"]["MessageLimit"];
                /** @description History form — return messages with `seq < before`, newest first (`before` of 0 or 1 is an empty page). Cannot be combined with `after`. */
                before?: components["parameters"]["Before"];
                /** @description Polling form — return messages with `seq > after`, oldest first (`after=0` starts at the first message). Cannot be combined with `before`. */
                after?: components["parameters"]["After"];
                /** @description The `nextCursor` of the previous page (opaque). A malformed or foreign cursor → 422. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of messages (newest first for the `before` form, oldest first for the `after` form). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessagePage"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    sendMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendMessageRequest"];
            };
        };
        responses: {
            /** @description Idempotent retry — the message stored earlier with this `clientMessageId`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageEnvelope"];
                };
            };
            /** @description The message was stored. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": {
                     *         "id": "msg_01HZX4A2B3C4D5E6F7G8H9J0K1",
                     *         "conversationId": "cnv_01HZX3T8Q4W5E6R7T8Y9U0I1O2",
                     *         "seq": 2,
                     *         "senderId": "seller-42",
                     *         "text": "Yes, the laptop sleeve fits up to 16\".",
                     *         "createdAt": "2026-11-21T07:35:00.250Z",
                     *         "clientMessageId": "m-7f3a9c"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["MessageEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createAttachment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "fileName": "broken-lid.jpg",
                 *       "contentType": "image/jpeg",
                 *       "size": 482113
                 *     }
                 */
                "application/json": components["schemas"]["CreateAttachmentRequest"];
            };
        };
        responses: {
            /** @description The pending attachment and its upload form. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "attachment": {
                     *         "id": "att_9QmX2kV7bN4rT1sY6wZ0cA",
                     *         "fileName": "broken-lid.jpg",
                     *         "contentType": "image/jpeg",
                     *         "size": 482113
                     *       },
                     *       "upload": {
                     *         "url": "https://chat-attachments-example.s3.eu-central-1.amazonaws.com/",
                     *         "fields": {
                     *           "Content-Type": "image/jpeg",
                     *           "bucket": "chat-attachments-example",
                     *           "X-Amz-Algorithm": "AWS4-HMAC-SHA256",
                     *           "X-Amz-Credential": "ASIAEXAMPLE/20261121/eu-central-1/s3/aws4_request",
                     *           "X-Amz-Date": "20261121T073205Z",
                     *           "X-Amz-Security-Token": "IQoJb3JpZ2luX2VjEXAMPLE",
                     *           "key": "uploads/shop/cnv_01HZX3T8Q4W5E6R7T8Y9U0I1O2/att_9QmX2kV7bN4rT1sY6wZ0cA",
                     *           "Policy": "eyJleHBpcmF0aW9uIjoiMjAyNi0xMS0yMVQwNzo0NzowNVoiLCJjb25kaXRpb25zIjpbXX0=",
                     *           "X-Amz-Signature": "5f0c6a1e0b7d4c2a9e8f7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928"
                     *         },
                     *         "expiresAt": "2026-11-21T07:47:05.123Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["AttachmentUpload"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createGuestSession: {
        parameters: {
            query?: never;
            header?: {
                /** @description Tenant of the guest token to issue; `default` when absent. Malformed → 422. */
                "X-Tenant"?: components["parameters"]["XTenant"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "name": "Alex",
                 *       "email": "alex@example.com"
                 *     }
                 */
                "application/json": components["schemas"]["GuestSessionRequest"];
            };
        };
        responses: {
            /** @description The guest session. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "token": "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJndWVzdF8wMUhaWCJ9.c2lnbmF0dXJl",
                     *       "userId": "guest_01HZX5M6N7P8Q9R0S1T2U3V4W5",
                     *       "expiresAt": "2026-11-22T07:30:00.000Z"
                     *     }
                     */
                    "application/json": components["schemas"]["GuestSession"];
                };
            };
            400: components["responses"]["BadRequest"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
        };
    };
    listSupportConversations: {
        parameters: {
            query?: {
                /** @description Page size, 1..100 (default 20). Out of range or not an integer → 422. */
                limit?: components["parameters"]["ConversationLimit"];
                /** @description The `nextCursor` of the previous page (opaque). A malformed or foreign cursor → 422. */
                cursor?: components["parameters"]["Cursor"];
                /** @description `true` lists the conversations the caller archived, `false` (default) the others. */
                archived?: components["parameters"]["Archived"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of support conversations. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConversationPage"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    createSupportConversation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "message": "I was charged twice for my order.",
                 *       "clientMessageId": "s-0001"
                 *     }
                 */
                "application/json": components["schemas"]["CreateSupportConversationRequest"];
            };
        };
        responses: {
            /** @description The caller's existing support conversation (any `message` was appended to it). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SupportConversationResult"];
                };
            };
            /** @description The support conversation was created. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SupportConversationResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getSupportAvailability: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Current availability. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "allAgentsIdle": false,
                     *       "onlineAgents": 3
                     *     }
                     */
                    "application/json": components["schemas"]["SupportAvailability"];
                };
            };
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    setAgentStatus: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "status": "away"
                 *     }
                 */
                "application/json": components["schemas"]["AgentStatusRequest"];
            };
        };
        responses: {
            /** @description The status was stored. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "away"
                     *     }
                     */
                    "application/json": components["schemas"]["AgentStatus"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The policy (the default one if none was set). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "contactInfo": "mask-before-order",
                     *       "allowDomains": [
                     *         "shop.example"
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Policy"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    putPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "contactInfo": "mask",
                 *       "allowDomains": [
                 *         "shop.example",
                 *         "help.shop.example"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["PutPolicyRequest"];
            };
        };
        responses: {
            /** @description The stored policy. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "contactInfo": "mask",
                     *       "allowDomains": [
                     *         "shop.example",
                     *         "help.shop.example"
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["Policy"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    blockConversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The conversation is blocked by the caller. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "conversationId": "cnv_01HZX3T8Q4W5E6R7T8Y9U0I1O2",
                     *       "blocked": true
                     *     }
                     */
                    "application/json": components["schemas"]["BlockState"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    unblockConversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The caller's block is lifted. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "conversationId": "cnv_01HZX3T8Q4W5E6R7T8Y9U0I1O2",
                     *       "blocked": false
                     *     }
                     */
                    "application/json": components["schemas"]["BlockState"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    reportConversation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "messageId": "msg_01HZX4A2B3C4D5E6F7G8H9J0K1",
                 *       "reason": "fraud",
                 *       "note": "Asks me to pay outside the shop."
                 *     }
                 */
                "application/json": components["schemas"]["ReportRequest"];
            };
        };
        responses: {
            /** @description This report was filed before; here it is as it is now. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReportEnvelope"];
                };
            };
            /** @description The report is in the moderation queue (`open`). */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "report": {
                     *         "id": "cnv_01HZX3T8Q4W5E6R7T8Y9U0I1O2.Xb3kQ9pL2mN8vR4tY6wZ1a",
                     *         "conversationId": "cnv_01HZX3T8Q4W5E6R7T8Y9U0I1O2",
                     *         "messageId": "msg_01HZX4A2B3C4D5E6F7G8H9J0K1",
                     *         "reporterId": "cust-7",
                     *         "reason": "fraud",
                     *         "note": "Asks me to pay outside the shop.",
                     *         "status": "open",
                     *         "createdAt": "2026-11-21T08:00:00.000Z",
                     *         "updatedAt": "2026-11-21T08:00:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ReportEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listReports: {
        parameters: {
            query?: {
                /** @description Which queue (default `open`). Anything else → 422. */
                status?: components["parameters"]["ReportStatus"];
                /** @description Page size, 1..100 (default 20). Out of range or not an integer → 422. */
                limit?: components["parameters"]["ConversationLimit"];
                /** @description The `nextCursor` of the previous page (opaque). A malformed or foreign cursor → 422. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of the queue. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "items": [
                     *         {
                     *           "id": "cnv_01HZX3T8Q4W5E6R7T8Y9U0I1O2.Xb3kQ9pL2mN8vR4tY6wZ1a",
                     *           "conversationId": "cnv_01HZX3T8Q4W5E6R7T8Y9U0I1O2",
                     *           "messageId": "msg_01HZX4A2B3C4D5E6F7G8H9J0K1",
                     *           "reporterId": "cust-7",
                     *           "reason": "fraud",
                     *           "note": "Asks me to pay outside the shop.",
                     *           "status": "open",
                     *           "createdAt": "2026-11-21T08:00:00.000Z",
                     *           "updatedAt": "2026-11-21T08:00:00.000Z",
                     *           "message": {
                     *             "id": "msg_01HZX4A2B3C4D5E6F7G8H9J0K1",
                     *             "conversationId": "cnv_01HZX3T8Q4W5E6R7T8Y9U0I1O2",
                     *             "seq": 2,
                     *             "senderId": "seller-42",
                     *             "text": "Pay me directly: call [hidden]",
                     *             "createdAt": "2026-11-21T07:35:00.250Z",
                     *             "moderation": {
                     *               "masked": true
                     *             },
                     *             "originalText": "Pay me directly: call +49 151 23456789"
                     *           }
                     *         }
                     *       ],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["ModerationReportPage"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    updateReport: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A report's `id` (opaque). Unknown ids and reports of other tenants give 404. */
                reportId: components["parameters"]["ReportId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "status": "resolved"
                 *     }
                 */
                "application/json": components["schemas"]["ReportStatusRequest"];
            };
        };
        responses: {
            /** @description The report as moderators see it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ModerationReportEnvelope"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    redactMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description Conversation id (opaque, URL-safe). Unknown ids, ids of other tenants and conversations the caller does not participate in all give 404. */
                id: components["parameters"]["ConversationId"];
                /** @description A message's `id`. Unknown ids give 404. */
                messageId: components["parameters"]["MessageId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The redacted message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "message": {
                     *         "id": "msg_01HZX4A2B3C4D5E6F7G8H9J0K1",
                     *         "conversationId": "cnv_01HZX3T8Q4W5E6R7T8Y9U0I1O2",
                     *         "seq": 2,
                     *         "senderId": "seller-42",
                     *         "text": "",
                     *         "createdAt": "2026-11-21T07:35:00.250Z",
                     *         "redacted": true
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["MessageEnvelope"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    exportUserData: {
        parameters: {
            query?: {
                /** @description Messages per page, 1..1000 (default 500). Out of range or not an integer → 422. */
                limit?: components["parameters"]["ExportLimit"];
                /** @description The `nextCursor` of the previous page (opaque). A malformed or foreign cursor → 422. */
                cursor?: components["parameters"]["Cursor"];
            };
            header?: never;
            path: {
                /** @description The user (the `sub` of their tokens) in the caller's tenant. */
                userId: components["parameters"]["SubjectUserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of the export. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "userId": "cust-7",
                     *       "exportedAt": "2026-11-21T09:00:00.000Z",
                     *       "profile": {
                     *         "userId": "cust-7",
                     *         "role": "customer",
                     *         "name": "Cora",
                     *         "email": "cora@example.test",
                     *         "updatedAt": "2026-11-21T07:32:05.123Z"
                     *       },
                     *       "seller": null,
                     *       "conversations": [],
                     *       "reports": [],
                     *       "messages": [],
                     *       "nextCursor": null
                     *     }
                     */
                    "application/json": components["schemas"]["UserDataPage"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    eraseUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The user (the `sub` of their tokens) in the caller's tenant. */
                userId: components["parameters"]["SubjectUserId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Accepted; the sessions are closed and the erasure is running. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "erasure": {
                     *         "id": "Q2xz8kM1aP0vYb7RtW3nEg",
                     *         "userId": "cust-7",
                     *         "status": "running",
                     *         "requestedAt": "2026-11-21T09:05:00.000Z",
                     *         "sessionsClosed": 1
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ErasureEnvelope"];
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["TooManyRequests"];
            500: components["responses"]["InternalServerError"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    compatNewChat: {
        parameters: {
            query?: never;
            header?: {
                /** @description Tenant of the guest token to issue; `default` when absent. Malformed → 422. */
                "X-Tenant"?: components["parameters"]["XTenant"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "user_id": 123,
                 *       "product_id": 42,
                 *       "message": "Hello, I have a query about my recent order."
                 *     }
                 */
                "application/json": components["schemas"]["NewChatRequest"];
            };
        };
        responses: {
            /** @description The chat. `token` only when a guest was just created for a caller without a token. */
            200: {
                headers: {
                    /** @description The new guest's token (only when a guest was created); the same as the body's `token`. */
                    "X-Guest-Token"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "message": "success",
                     *       "status_code": 200,
                     *       "chats": [
                     *         {
                     *           "message": "Trail Runner 2 backpack",
                     *           "created_at": "2023-09-28 19:15:22",
                     *           "user": 1,
                     *           "admin": 0
                     *         },
                     *         {
                     *           "message": "Hello, I have a query about my recent order.",
                     *           "created_at": "2023-09-28 19:15:22",
                     *           "user": 1,
                     *           "admin": 0
                     *         }
                     *       ],
                     *       "is_allAdminIdle": false,
                     *       "chat_id": 1042,
                     *       "user_id": "guest_3kTq0cX1v9yJmR2pL8aZbw",
                     *       "token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJndWVzdF8zayJ9.c2lnbmF0dXJl"
                     *     }
                     */
                    "application/json": components["schemas"]["NewChatResult"];
                };
            };
            400: components["responses"]["SupportChatError"];
            401: components["responses"]["SupportChatError"];
            403: components["responses"]["SupportChatError"];
            409: components["responses"]["SupportChatError"];
            413: components["responses"]["SupportChatError"];
            422: components["responses"]["SupportChatError"];
            429: components["responses"]["SupportChatTooManyRequests"];
            500: components["responses"]["SupportChatError"];
        };
    };
    compatStartChat: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "sub_domain": "192.168.101.88",
                 *       "client_id": 1,
                 *       "db_name": "salesdemo",
                 *       "user_id": "133",
                 *       "type": "vendor-to-user",
                 *       "order_vendor_id": 2,
                 *       "vendor_id": 3,
                 *       "order_id": 5
                 *     }
                 */
                "application/json": components["schemas"]["StartChatRequest"];
            };
        };
        responses: {
            /** @description The room (new or existing). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StartChatResult"];
                };
            };
            400: components["responses"]["OrderRoomError"];
            401: components["responses"]["OrderRoomError"];
            403: components["responses"]["OrderRoomError"];
            413: components["responses"]["OrderRoomError"];
            422: components["responses"]["OrderRoomError"];
            429: components["responses"]["OrderRoomError"];
            500: components["responses"]["OrderRoomError"];
        };
    };
    compatSupportChatList: {
        parameters: {
            query?: {
                /** @description Compatibility dialects' page number (Laravel's paginator), 1..1000, default 1. Otherwise → 422 in the dialect's error body. */
                page?: components["parameters"]["CompatPage"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The listing. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "message": "success",
                     *       "status_code": 200,
                     *       "chats": [
                     *         {
                     *           "message": "Trail Runner 2 backpack",
                     *           "created_at": "2023-09-28 19:15:22",
                     *           "user": 1,
                     *           "admin": 0
                     *         },
                     *         {
                     *           "message": "It fits a 15\" laptop.",
                     *           "created_at": "2023-09-28 19:17:40",
                     *           "user": 0,
                     *           "admin": 1
                     *         }
                     *       ],
                     *       "is_allAdminIdle": true,
                     *       "show_admin_away_prompt": true,
                     *       "admin_away_message": "Our support team is away right now. Leave us a message and we will reply as soon as we are back.",
                     *       "conversations": [
                     *         {
                     *           "chat_id": 1042,
                     *           "conversation_id": "cnv_01HZX3T8Q4W5E6R7T8Y9U0I1O2",
                     *           "user_id": "cust-7",
                     *           "user_name": "Alex",
                     *           "user_type": "customer",
                     *           "subject": "Support: Trail Runner 2 backpack",
                     *           "product_id": 1001,
                     *           "product_name": "Trail Runner 2 backpack",
                     *           "unread_count": 1,
                     *           "created_at": "2023-09-28 19:15:22",
                     *           "updated_at": "2023-09-28 19:17:40",
                     *           "chats": [
                     *             {
                     *               "message": "Trail Runner 2 backpack",
                     *               "created_at": "2023-09-28 19:15:22",
                     *               "user": 1,
                     *               "admin": 0
                     *             },
                     *             {
                     *               "message": "It fits a 15\" laptop.",
                     *               "created_at": "2023-09-28 19:17:40",
                     *               "user": 0,
                     *               "admin": 1
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "current_page": 1,
                     *       "last_page": 1,
                     *       "per_page": 20,
                     *       "total": 1
                     *     }
                     */
                    "application/json": components["schemas"]["SupportChatListResult"];
                };
            };
            401: components["responses"]["SupportChatError"];
            403: components["responses"]["SupportChatError"];
            422: components["responses"]["SupportChatError"];
            429: components["responses"]["SupportChatError"];
            500: components["responses"]["SupportChatError"];
        };
    };
    compatV2ListConversations: {
        parameters: {
            query?: {
                /** @description Compatibility dialects' page number (Laravel's paginator), 1..1000, default 1. Otherwise → 422 in the dialect's error body. */
                page?: components["parameters"]["CompatPage"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of conversations. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V2ConversationPage"];
                };
            };
            401: components["responses"]["LaravelError"];
            403: components["responses"]["LaravelError"];
            422: components["responses"]["LaravelError"];
            429: components["responses"]["LaravelError"];
            500: components["responses"]["LaravelError"];
        };
    };
    compatV2ListMessages: {
        parameters: {
            query?: {
                /** @description Compatibility dialects' page number (Laravel's paginator), 1..1000, default 1. Otherwise → 422 in the dialect's error body. */
                page?: components["parameters"]["CompatPage"];
            };
            header?: never;
            path: {
                /** @description A conversation's number (what the dialect hands out) or its id. Unknown, foreign or not a participant → 404. */
                id: components["parameters"]["CompatConversationRef"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of messages. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V2MessagePage"];
                };
            };
            401: components["responses"]["LaravelError"];
            403: components["responses"]["LaravelError"];
            404: components["responses"]["LaravelError"];
            422: components["responses"]["LaravelError"];
            429: components["responses"]["LaravelError"];
            500: components["responses"]["LaravelError"];
        };
    };
    compatV2CreateConversation: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "product_id": 1001,
                 *       "title": "Trail Runner 2 backpack",
                 *       "message": "Does it fit a 15\" laptop?"
                 *     }
                 */
                "application/json": components["schemas"]["V2CreateConversationRequest"];
            };
        };
        responses: {
            /** @description The conversation (new or existing). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "result": true,
                     *       "success": true,
                     *       "message": "Conversation created",
                     *       "conversation_id": 1042,
                     *       "shop_name": "Mountain Gear",
                     *       "shop_logo": "https://cdn.mountain-gear.example/logo.png",
                     *       "title": "Trail Runner 2 backpack"
                     *     }
                     */
                    "application/json": components["schemas"]["V2CreateConversationResult"];
                };
            };
            400: components["responses"]["LaravelError"];
            401: components["responses"]["LaravelError"];
            403: components["responses"]["LaravelError"];
            409: components["responses"]["LaravelError"];
            413: components["responses"]["LaravelError"];
            422: components["responses"]["LaravelError"];
            429: components["responses"]["LaravelTooManyRequests"];
            500: components["responses"]["LaravelError"];
        };
    };
    compatV2InsertMessage: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "conversation_id": 1042,
                 *       "message": "Yes, up to 16\"."
                 *     }
                 */
                "application/json": components["schemas"]["V2InsertMessageRequest"];
            };
        };
        responses: {
            /** @description The stored message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V2MessagePage"];
                };
            };
            400: components["responses"]["LaravelError"];
            401: components["responses"]["LaravelError"];
            403: components["responses"]["LaravelError"];
            404: components["responses"]["LaravelError"];
            409: components["responses"]["LaravelError"];
            413: components["responses"]["LaravelError"];
            422: components["responses"]["LaravelError"];
            429: components["responses"]["LaravelTooManyRequests"];
            500: components["responses"]["LaravelError"];
        };
    };
    compatV2GetNewMessages: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The conversation's number or id. */
                conversation_id: string;
                /** @description The highest message `id` (seq) the app has; `0` for all. */
                last_message_id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new messages (possibly none). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V2MessagePage"];
                };
            };
            401: components["responses"]["LaravelError"];
            403: components["responses"]["LaravelError"];
            404: components["responses"]["LaravelError"];
            429: components["responses"]["LaravelError"];
            500: components["responses"]["LaravelError"];
        };
    };
    compatV2ListUserConversations: {
        parameters: {
            query?: {
                /** @description Compatibility dialects' page number (Laravel's paginator), 1..1000, default 1. Otherwise → 422 in the dialect's error body. */
                page?: components["parameters"]["CompatPage"];
            };
            header?: never;
            path: {
                /** @description The caller's user number (or user id). */
                user_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of conversations. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["V2ConversationPage"];
                };
            };
            401: components["responses"]["LaravelError"];
            403: components["responses"]["LaravelError"];
            404: components["responses"]["LaravelError"];
            422: components["responses"]["LaravelError"];
            429: components["responses"]["LaravelError"];
            500: components["responses"]["LaravelError"];
        };
    };
    compatV2Placeholder: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The image. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/png": string;
                };
            };
        };
    };
    compatPkListConversations: {
        parameters: {
            query?: {
                /** @description Compatibility dialects' page number (Laravel's paginator), 1..1000, default 1. Otherwise → 422 in the dialect's error body. */
                page?: components["parameters"]["CompatPage"];
            };
            header: {
                /**
                 * @description Compatibility dialect 004: the calling platform's public key, mapped to a tenant by the deployment's
                 *     `COMPAT_PUBLIC_KEYS`. Missing, unknown, or naming another tenant than the token's → 401.
                 */
                "X-PUBLIC-KEY": components["parameters"]["XPublicKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of conversations. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PkConversationPage"];
                };
            };
            401: components["responses"]["LaravelError"];
            403: components["responses"]["LaravelError"];
            422: components["responses"]["LaravelError"];
            429: components["responses"]["LaravelError"];
            500: components["responses"]["LaravelError"];
        };
    };
    compatPkCreateConversation: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Compatibility dialect 004: the calling platform's public key, mapped to a tenant by the deployment's
                 *     `COMPAT_PUBLIC_KEYS`. Missing, unknown, or naming another tenant than the token's → 401.
                 */
                "X-PUBLIC-KEY": components["parameters"]["XPublicKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "participant_uuid": "9b2d6a4e-3f71-4c1a-9d55-2f1e8c7b6a90",
                 *       "taggable_type": "App\\Models\\Order",
                 *       "taggable_id": 123
                 *     }
                 */
                "application/json": components["schemas"]["PkCreateConversationRequest"];
            };
        };
        responses: {
            /** @description The conversation (new or existing). */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PkConversationResult"];
                };
            };
            400: components["responses"]["LaravelError"];
            401: components["responses"]["LaravelError"];
            403: components["responses"]["LaravelError"];
            413: components["responses"]["LaravelError"];
            422: components["responses"]["LaravelError"];
            429: components["responses"]["LaravelError"];
            500: components["responses"]["LaravelServerError"];
        };
    };
    compatPkListMessages: {
        parameters: {
            query?: {
                /** @description Compatibility dialects' page number (Laravel's paginator), 1..1000, default 1. Otherwise → 422 in the dialect's error body. */
                page?: components["parameters"]["CompatPage"];
            };
            header: {
                /**
                 * @description Compatibility dialect 004: the calling platform's public key, mapped to a tenant by the deployment's
                 *     `COMPAT_PUBLIC_KEYS`. Missing, unknown, or naming another tenant than the token's → 401.
                 */
                "X-PUBLIC-KEY": components["parameters"]["XPublicKey"];
            };
            path: {
                /** @description The conversation's `uuid`, its number (`pivot.conversation_id`) or its core id. */
                uuid: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One page of messages. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PkMessagePage"];
                };
            };
            401: components["responses"]["LaravelError"];
            403: components["responses"]["LaravelError"];
            404: components["responses"]["LaravelError"];
            422: components["responses"]["LaravelError"];
            429: components["responses"]["LaravelError"];
            500: components["responses"]["LaravelError"];
        };
    };
    compatPkSendMessage: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description Compatibility dialect 004: the calling platform's public key, mapped to a tenant by the deployment's
                 *     `COMPAT_PUBLIC_KEYS`. Missing, unknown, or naming another tenant than the token's → 401.
                 */
                "X-PUBLIC-KEY": components["parameters"]["XPublicKey"];
            };
            path: {
                /** @description The conversation's `uuid`, its number (`pivot.conversation_id`) or its core id. */
                uuid: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "text": "Where is my order?",
                 *       "client_message_id": "m-0001"
                 *     }
                 */
                "application/json": components["schemas"]["PkSendMessageRequest"];
            };
        };
        responses: {
            /** @description A retry with the same `client_message_id`; the original message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PkMessageResult"];
                };
            };
            /** @description The stored message. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PkMessageResult"];
                };
            };
            400: components["responses"]["LaravelError"];
            401: components["responses"]["LaravelError"];
            403: components["responses"]["LaravelError"];
            404: components["responses"]["LaravelError"];
            409: components["responses"]["LaravelError"];
            413: components["responses"]["LaravelError"];
            422: components["responses"]["LaravelError"];
            429: components["responses"]["LaravelTooManyRequests"];
            500: components["responses"]["LaravelServerError"];
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok"
                     *     }
                     */
                    "application/json": components["schemas"]["Health"];
                };
            };
        };
    };
    listLocalEmails: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every email sent so far, newest first. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example [
                     *       {
                     *         "messageId": "ses-687054292",
                     *         "to": [
                     *           "seller-1@example.test"
                     *         ],
                     *         "subject": "New enquiry from Alice: Trail Running Shoes",
                     *         "raw": "Auto-Submitted: auto-generated\r\nFrom: Alice via Chat <chat@example.com>\r\nTo: seller-1@example.test\r\nReply-To: reply+ppo5yndnwdvst7xu5lhwjpkcyvt45j5p@reply.localhost\r\n…"
                     *       }
                     *     ]
                     */
                    "application/json": components["schemas"]["LocalEmail"][];
                };
            };
        };
    };
}
