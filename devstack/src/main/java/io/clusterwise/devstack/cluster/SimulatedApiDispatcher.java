package io.clusterwise.devstack.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterwise.devstack.cluster.ApiCatalog.ApiResource;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * Sits in front of fabric8's CRUD dispatcher and adds what real {@code kubectl} needs from an API server
 * (see {@code /work/shared/design/SIMULATED-CLUSTER.md} and this package's DESIGN.md): discovery matched on the path
 * without the query string, 404 for OpenAPI, {@code Content-Type: application/json}, typed list kinds, field
 * selectors on any field, and server-side Tables. Watches (WebSocket upgrades) go to the CRUD dispatcher, their end
 * moved off the event loop ({@link WatchCloser}).
 */
final class SimulatedApiDispatcher extends Dispatcher {

    private static final String JSON = "application/json";

    private final SimulatedCrud crud;
    private final ApiCatalog catalog;
    private final Tables tables;
    private final ObjectMapper json;
    private final Clock clock;
    private final IntSupplier port;
    private final WatchCloser watchCloser;
    private final EventsV1Mirror eventsV1;

    SimulatedApiDispatcher(SimulatedCrud crud, ObjectMapper json, Clock clock, IntSupplier port,
                           WatchCloser watchCloser) {
        this.crud = crud;
        this.watchCloser = watchCloser;
        this.json = json;
        this.eventsV1 = new EventsV1Mirror(crud, json);
        this.catalog = new ApiCatalog(json);
        this.tables = new Tables(json);
        this.clock = clock;
        this.port = port;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        ApiRequest api = ApiRequest.parse(request.getPath());
        boolean get = "GET".equalsIgnoreCase(request.getMethod());
        if (get) {
            Optional<ObjectNode> discovery = catalog.discovery(api.path(), "127.0.0.1:" + port.getAsInt());
            if (discovery.isPresent()) {
                return json(200, discovery.get());
            }
            if (api.path().startsWith("/openapi/")) {
                return status(404, "NotFound", "the simulated cluster serves no OpenAPI schema; use --validate=false");
            }
        }
        if (get && "pods".equals(api.resource()) && "log".equals(api.subresource())) {
            try {
                return podLog(request, api);
            } catch (RuntimeException e) {
                // an exception here would leave the request unanswered until the client times out
                return status(500, "InternalError", "simulated cluster: " + e.getMessage());
            }
        }
        if (!get || api.isWatch() || api.resource() == null || api.subresource() != null) {
            MockResponse response = crud.dispatch(request);
            eventsV1.mirror(request, api, response);
            return finish(api, response);
        }
        return read(request, api);
    }

    @Override
    public void shutdown() {
        crud.shutdown();
    }

    private MockResponse read(RecordedRequest request, ApiRequest api) {
        FieldSelector selector;
        try {
            selector = FieldSelector.parse(api.param("fieldSelector").orElse(null));
        } catch (IllegalArgumentException e) {
            return status(400, "BadRequest", e.getMessage());
        }
        RecordedRequest forwarded = selector.isEmpty() ? request : new RecordedRequest(request.getHttpVersion(),
                request.method(), api.pathWithout("fieldSelector"), request.getHeaders(), request.getBody());
        MockResponse response = crud.dispatch(forwarded);
        if (response.code() != 200 || response.getWebSocketListener() != null) {
            return finish(api, response);
        }
        JsonNode body;
        try {
            body = json.readTree(response.getBody().getBytes());
        } catch (java.io.IOException | RuntimeException e) {
            return finish(api, response);
        }
        Optional<ApiResource> resource = catalog.find(api.groupVersion(), api.resource());
        List<JsonNode> items = new ArrayList<>();
        if (api.isCollection()) {
            body.path("items").forEach(item -> {
                if (selector.matches(item)) {
                    items.add(item);
                }
            });
        } else {
            items.add(body);
        }
        String accept = Optional.ofNullable(request.getHeader("Accept")).orElse("");
        Optional<Tables.Printer> printer = resource.flatMap(r -> Tables.printerFor(r.groupVersion(), r.kind()));
        if (accept.contains("as=Table") && printer.isPresent()) {
            boolean wholeObject = api.param("includeObject").map("Object"::equals).orElse(false);
            return json(200, tables.render(printer.get(), items, wholeObject, clock.instant()));
        }
        if (!api.isCollection()) {
            return json(200, body);
        }
        ObjectNode list = json.createObjectNode();
        list.put("kind", resource.map(r -> r.kind() + "List").orElse(body.path("kind").asText("List")));
        list.put("apiVersion", resource.map(ApiResource::groupVersion).orElse("v1"));
        list.set("metadata", body.path("metadata").deepCopy());
        ArrayNode listItems = list.putArray("items");
        items.forEach(listItems::add);
        return json(200, list);
    }

    /** {@code GET pods/NAME/log}: the container's (previous) log as plain text, see {@link PreviousLogs}. */
    private MockResponse podLog(RecordedRequest request, ApiRequest api) {
        String podPath = "/api/v1/namespaces/" + api.namespace() + "/pods/" + api.name();
        MockResponse found = crud.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(), podPath,
                request.getHeaders(), request.getBody()));
        if (found.code() != 200 || found.getBody() == null) {
            return status(404, "NotFound", "pods \"" + api.name() + "\" not found");
        }
        JsonNode pod;
        try {
            pod = json.readTree(found.getBody().getBytes());
        } catch (java.io.IOException e) {
            return status(500, "InternalError", "cannot read pod " + api.name());
        }
        JsonNode statuses = pod.path("status").path("containerStatuses");
        String container = api.param("container").orElseGet(() -> statuses.size() == 1
                ? statuses.get(0).path("name").asText() : pod.path("spec").path("containers").path(0).path("name").asText());
        JsonNode status = null;
        for (JsonNode c : statuses) {
            if (container.equals(c.path("name").asText())) {
                status = c;
            }
        }
        if (status == null) {
            return status(400, "BadRequest", "container " + container + " is not valid for pod " + api.name());
        }
        boolean previous = api.param("previous").map("true"::equals).orElse(false);
        JsonNode terminated = status.path(previous ? "lastState" : "state").path("terminated");
        Optional<Integer> exitCode = terminated.has("exitCode") ? Optional.of(terminated.path("exitCode").asInt())
                : Optional.empty();
        Optional<String> log = previous
                ? PreviousLogs.of(container, exitCode, intParam(api, "tailLines"), intParam(api, "limitBytes"))
                : Optional.of(PreviousLogs.limit("simulated container " + container + " is running\n",
                intParam(api, "tailLines"), intParam(api, "limitBytes")));
        return log.map(text -> new MockResponse().setResponseCode(200).setHeader("Content-Type", "text/plain")
                        .setBody(text))
                .orElseGet(() -> status(400, "BadRequest", "previous terminated container \"" + container
                        + "\" in pod \"" + api.name() + "\" not found"));
    }

    private static Optional<Integer> intParam(ApiRequest api, String key) {
        try {
            return api.param(key).map(Integer::parseInt).filter(n -> n >= 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private MockResponse json(int code, JsonNode body) {
        try {
            return new MockResponse().setResponseCode(code).setHeader("Content-Type", JSON)
                    .setBody(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON response", e);
        }
    }

    private MockResponse status(int code, String reason, String message) {
        ObjectNode status = json.createObjectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        return json(code, status);
    }

    /**
     * The CRUD dispatcher's answer, with a JSON content type (without one kubectl assumes protobuf) and, for an
     * object that is not there, the API server's {@code NotFound} status so kubectl says {@code pods "x" not found}.
     * A watch's end is moved off the event loop ({@link WatchCloser}).
     */
    private MockResponse finish(ApiRequest api, MockResponse response) {
        if (response.getWebSocketListener() != null) {
            return response.withWebSocketUpgrade(watchCloser.offEventLoop(response.getWebSocketListener()));
        }
        if (response.code() == 404 && api.name() != null
                && (response.getBody() == null || response.getBody().size() == 0)) {
            return status(404, "NotFound", api.resource() + " \"" + api.name() + "\" not found");
        }
        if (response.header("Content-Type") == null) {
            response.setHeader("Content-Type", JSON);
        }
        return response;
    }
}
