package io.clusterwise.worker.answer;

import io.clusterwise.contracts.DiagnoseReply;
import io.clusterwise.contracts.DiagnoseRequest;
import io.clusterwise.worker.diagnosis.Incident;
import io.clusterwise.worker.diagnosis.IncidentJson;
import io.clusterwise.worker.state.ClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Answers a {@link DiagnoseRequest} with one {@link DiagnoseReply}: the incidents of the worker's current view (the
 * one answers use, at most a couple of seconds old) in the namespace asked about, or in the whole cluster. No model
 * is asked, so it is quick enough to run on the listener's thread.
 */
class DiagnoseResponder {

    /** The key of a request (and its reply) for the whole cluster. */
    static final String WHOLE_CLUSTER = "*";
    private static final Logger log = LoggerFactory.getLogger(DiagnoseResponder.class);

    private final ClusterView view;
    private final ReplySender sender;

    DiagnoseResponder(ClusterView view, ReplySender sender) {
        this.view = view;
        this.sender = sender;
    }

    void answer(DiagnoseRequest request, ReplyTarget target) {
        DiagnoseReply reply = reply(request, view.forAnswer());
        sender.send(target, reply);
        log.debug("diagnose request {} for {}: {} incidents", request.requestId(),
                request.namespace() == null ? "the whole cluster" : "namespace " + request.namespace(),
                reply.incidents().size());
    }

    /** The incidents stay in the view's order: most severe first, then the most recent. */
    static DiagnoseReply reply(DiagnoseRequest request, ClusterView.Snapshot snapshot) {
        String namespace = request.namespace();
        List<String> namespaces = snapshot.namespaces();
        if (namespace == null) {
            return new DiagnoseReply(request.requestId(), null, true, namespaces,
                    IncidentJson.reports(snapshot.incidents()), snapshot.at());
        }
        boolean known = namespaces.contains(namespace);
        List<Incident> incidents = known
                ? snapshot.incidents().stream().filter(i -> i.concerns(namespace)).toList() : List.of();
        return new DiagnoseReply(request.requestId(), namespace, known, namespaces, IncidentJson.reports(incidents),
                snapshot.at());
    }
}
