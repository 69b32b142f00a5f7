import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import { InspectorService } from "@homefeed/proto";

/** The inspector's API on the origin that served this page (Connect protocol, JSON). */
export const inspector = createClient(InspectorService, createConnectTransport({ baseUrl: window.location.origin }));
