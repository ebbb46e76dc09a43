package dev.gatehouse.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Which package uses which, read from one module's compiled classes (every class named in a class file's constant
 * pool, which covers fields, signatures, calls and constants). Packages of other modules are left out: Maven already
 * forbids a cycle between modules, so a cycle can only run inside one.
 */
public final class PackageGraph {

    private final Map<String, Set<String>> uses;

    private PackageGraph(Map<String, Set<String>> uses) {
        this.uses = uses;
    }

    /** Reads every class file under {@code classesDir} whose package starts with {@code basePackage}. */
    public static PackageGraph read(Path classesDir, String basePackage) {
        Map<String, Set<String>> uses = new TreeMap<>();
        List<ClassModel> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classesDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                ClassModel model = ClassFile.of().parse(Files.readAllBytes(file));
                String pkg = model.thisClass().asSymbol().packageName();
                if (pkg.startsWith(basePackage)) {
                    classes.add(model);
                    uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (ClassModel model : classes) {
            String from = model.thisClass().asSymbol().packageName();
            for (var entry : model.constantPool()) {
                if (!(entry instanceof ClassEntry c) || c.asInternalName().startsWith("[")) continue;
                String to = c.asSymbol().packageName();
                if (!to.equals(from) && uses.containsKey(to)) uses.get(from).add(to);
            }
        }
        return new PackageGraph(uses);
    }

    /** The packages read. */
    public Set<String> packages() {
        return uses.keySet();
    }

    /** Every group of packages that reach each other (strongly connected, more than one), each sorted by name. */
    public List<List<String>> cycles() {
        return new Tarjan(uses).components().stream()
                .filter(c -> c.size() > 1)
                .map(c -> c.stream().sorted().toList())
                .sorted(Comparator.comparing(c -> c.getFirst()))
                .toList();
    }

    /** For a message: which classes' packages make the edges of one cycle, as "a -> b" lines. */
    public List<String> edgesWithin(List<String> cycle) {
        List<String> edges = new ArrayList<>();
        for (String from : cycle) {
            for (String to : uses.get(from)) if (cycle.contains(to)) edges.add(from + " -> " + to);
        }
        return edges;
    }

    /** Tarjan's strongly connected components, iterative so a long chain cannot overflow the stack. */
    private static final class Tarjan {
        private final Map<String, Set<String>> edges;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<List<String>> components = new ArrayList<>();
        private int next;

        Tarjan(Map<String, Set<String>> edges) {
            this.edges = edges;
        }

        List<List<String>> components() {
            for (String node : edges.keySet()) if (!index.containsKey(node)) visit(node);
            return components;
        }

        private void visit(String root) {
            // each frame: the node and the iterator over what it uses
            Deque<Map.Entry<String, Iterator<String>>> frames = new ArrayDeque<>();
            open(root, frames);
            while (!frames.isEmpty()) {
                var frame = frames.peek();
                String node = frame.getKey();
                if (frame.getValue().hasNext()) {
                    String to = frame.getValue().next();
                    if (!index.containsKey(to)) open(to, frames);
                    else if (onStack.contains(to)) low.put(node, Math.min(low.get(node), index.get(to)));
                    continue;
                }
                frames.pop();
                if (!frames.isEmpty()) {
                    String parent = frames.peek().getKey();
                    low.put(parent, Math.min(low.get(parent), low.get(node)));
                }
                if (low.get(node).equals(index.get(node))) {
                    List<String> component = new ArrayList<>();
                    String member;
                    do {
                        member = stack.pop();
                        onStack.remove(member);
                        component.add(member);
                    } while (!member.equals(node));
                    components.add(component);
                }
            }
        }

        private void open(String node, Deque<Map.Entry<String, Iterator<String>>> frames) {
            index.put(node, next);
            low.put(node, next);
            next++;
            stack.push(node);
            onStack.add(node);
            frames.push(Map.entry(node, edges.getOrDefault(node, Set.of()).iterator()));
        }
    }
}
