package io.clusterwise.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What every workload must satisfy: Pod Security "restricted" for every container (init containers included),
 * CPU and memory requests and limits, and a writable /tmp from an emptyDir when the root filesystem is read-only.
 * Returns the violations, each naming the workload and container, so a test can show them all at once.
 */
final class PodRules {

    private PodRules() {
    }

    static List<String> violations(Manifest workload) {
        List<String> out = new ArrayList<>();
        Optional<Manifest> maybeSpec = workload.podSpec();
        if (maybeSpec.isEmpty()) {
            out.add(workload + ": no pod spec");
            return out;
        }
        Manifest spec = maybeSpec.get();
        Manifest podContext = spec.child("securityContext").orElse(new Manifest(spec.origin(), Map.of()));
        for (String hostFlag : List.of("hostNetwork", "hostPID", "hostIPC")) {
            if (spec.string(hostFlag).filter("true"::equals).isPresent()) {
                out.add(workload + ": " + hostFlag + " must not be set");
            }
        }
        for (Manifest volume : spec.children("volumes")) {
            if (volume.at("hostPath").isPresent()) {
                out.add(workload + ": hostPath volume " + volume.string("name").orElse("?") + " is not allowed");
            }
        }
        if (workload.allContainers().isEmpty()) {
            out.add(workload + ": no containers");
        }
        for (Manifest container : workload.allContainers()) {
            String where = workload.kind() + "/" + workload.name() + " container " + container.string("name").orElse("?");
            out.addAll(resourceViolations(where, container));
            out.addAll(securityViolations(where, container, podContext));
            if (container.string("securityContext", "readOnlyRootFilesystem").filter("true"::equals).isPresent()
                    && !hasEmptyDirAt(spec, container, "/tmp")) {
                out.add(where + ": read-only root filesystem but no emptyDir mounted at /tmp");
            }
        }
        return out;
    }

    private static List<String> resourceViolations(String where, Manifest container) {
        List<String> out = new ArrayList<>();
        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                if (container.string("resources", kind, resource).isEmpty()) {
                    out.add(where + ": resources." + kind + "." + resource + " missing");
                }
            }
        }
        return out;
    }

    private static List<String> securityViolations(String where, Manifest container, Manifest pod) {
        List<String> out = new ArrayList<>();
        Manifest sc = container.child("securityContext").orElse(new Manifest(container.origin(), Map.of()));
        if (!sc.string("allowPrivilegeEscalation").equals(Optional.of("false"))) {
            out.add(where + ": securityContext.allowPrivilegeEscalation must be false");
        }
        if (!sc.string("readOnlyRootFilesystem").equals(Optional.of("true"))) {
            out.add(where + ": securityContext.readOnlyRootFilesystem must be true");
        }
        if (sc.string("privileged").filter("true"::equals).isPresent()) {
            out.add(where + ": securityContext.privileged must not be true");
        }
        if (!sc.list("capabilities", "drop").contains("ALL")) {
            out.add(where + ": securityContext.capabilities.drop must contain ALL");
        }
        if (!sc.list("capabilities", "add").isEmpty()) {
            out.add(where + ": securityContext.capabilities.add must be empty, found " + sc.list("capabilities", "add"));
        }
        String runAsNonRoot = sc.string("runAsNonRoot").or(() -> pod.string("runAsNonRoot")).orElse("unset");
        if (!runAsNonRoot.equals("true")) {
            out.add(where + ": runAsNonRoot must be true (container or pod), is " + runAsNonRoot);
        }
        String runAsUser = sc.string("runAsUser").or(() -> pod.string("runAsUser")).orElse("");
        if (runAsUser.equals("0")) {
            out.add(where + ": runAsUser must not be 0");
        }
        String seccomp = sc.string("seccompProfile", "type").or(() -> pod.string("seccompProfile", "type")).orElse("unset");
        if (!seccomp.equals("RuntimeDefault") && !seccomp.equals("Localhost")) {
            out.add(where + ": seccompProfile.type must be RuntimeDefault (container or pod), is " + seccomp);
        }
        return out;
    }

    private static boolean hasEmptyDirAt(Manifest spec, Manifest container, String path) {
        return container.children("volumeMounts").stream()
                .filter(m -> m.string("mountPath").equals(Optional.of(path)))
                .map(m -> m.string("name").orElse(""))
                .anyMatch(name -> spec.children("volumes").stream()
                        .anyMatch(v -> Objects.equals(v.string("name").orElse(null), name) && v.at("emptyDir").isPresent()));
    }
}
