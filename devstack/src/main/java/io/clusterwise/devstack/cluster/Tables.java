package io.clusterwise.devstack.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Server-side printing: the {@code meta.k8s.io/v1 Table} that {@code kubectl get} asks for with
 * {@code Accept: application/json;as=Table;...}, so it shows the usual columns (READY, STATUS, RESTARTS …) instead
 * of NAME/AGE. The server always fills every column; kubectl hides priority-1 columns unless {@code -o wide}.
 */
final class Tables {

    /** One column of a table: the header kubectl upper-cases, the cell type, and 1 for "only with -o wide". */
    record Column(String name, String type, String format, int priority) {

        static Column objectName() {
            return new Column("Name", "string", "name", 0);
        }

        static Column text(String name) {
            return new Column(name, "string", "", 0);
        }

        static Column integer(String name) {
            return new Column(name, "integer", "", 0);
        }

        Column wide() {
            return new Column(name, type, format, 1);
        }
    }

    /** How one kind prints: its columns and, for one object, one cell per column. */
    interface Printer {
        List<Column> columns();

        List<Object> cells(JsonNode object, Instant now);
    }

    /** By {@code groupVersion/Kind}: events.k8s.io's Event is not core's and has no printer here. */
    private static final Map<String, Printer> PRINTERS = Map.of(
            "v1/Pod", new KindPrinters.Pods(),
            "v1/Event", new KindPrinters.Events(),
            "v1/Node", new KindPrinters.Nodes(),
            "v1/Namespace", new KindPrinters.Namespaces(),
            "apps/v1/Deployment", new KindPrinters.Deployments(),
            "apps/v1/ReplicaSet", new KindPrinters.ReplicaSets());

    private final ObjectMapper json;

    Tables(ObjectMapper json) {
        this.json = json;
    }

    static Optional<Printer> printerFor(String groupVersion, String kind) {
        return Optional.ofNullable(PRINTERS.get(groupVersion + "/" + kind));
    }

    /**
     * The Table for {@code items}; each row carries the object's metadata (kubectl reads the namespace of
     * {@code -A} output from it) or, with {@code includeObject=Object}, the whole object.
     */
    ObjectNode render(Printer printer, List<JsonNode> items, boolean includeWholeObject, Instant now) {
        ObjectNode table = json.createObjectNode();
        table.put("kind", "Table");
        table.put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", "");
        ArrayNode columns = table.putArray("columnDefinitions");
        for (Column c : printer.columns()) {
            columns.addObject()
                    .put("name", c.name())
                    .put("type", c.type())
                    .put("format", c.format())
                    .put("description", "")
                    .put("priority", c.priority());
        }
        ArrayNode rows = table.putArray("rows");
        for (JsonNode item : items) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            printer.cells(item, now).forEach(cell -> cells.add(json.valueToTree(cell)));
            row.set("object", includeWholeObject ? item : partialMetadata(item));
        }
        return table;
    }

    private ObjectNode partialMetadata(JsonNode item) {
        ObjectNode partial = json.createObjectNode();
        partial.put("kind", "PartialObjectMetadata");
        partial.put("apiVersion", "meta.k8s.io/v1");
        partial.set("metadata", item.path("metadata").deepCopy());
        return partial;
    }
}
