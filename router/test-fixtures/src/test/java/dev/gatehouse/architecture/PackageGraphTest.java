package dev.gatehouse.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.classfile.ClassFile;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageGraphTest {

    @TempDir
    Path classes;

    @Test
    void twoPackagesThatCallEachOtherAreOneCycle() throws IOException {
        write("x.a.A", "x.b.B");
        write("x.b.B", "x.a.A");
        write("x.c.C", "x.a.A");

        PackageGraph graph = PackageGraph.read(classes, "x");

        assertThat(graph.packages()).containsExactly("x.a", "x.b", "x.c");
        assertThat(graph.cycles()).containsExactly(List.of("x.a", "x.b"));
        assertThat(graph.edgesWithin(List.of("x.a", "x.b"))).containsExactly("x.a -> x.b", "x.b -> x.a");
    }

    @Test
    void aChainOfPackagesIsNoCycle() throws IOException {
        write("x.a.A", "x.b.B");
        write("x.b.B", "x.c.C");
        write("x.c.C", "java.lang.Object");

        assertThat(PackageGraph.read(classes, "x").cycles()).isEmpty();
    }

    @Test
    void packagesOutsideTheBaseAreNotFollowed() throws IOException {
        write("x.a.A", "y.b.B");
        write("y.b.B", "x.a.A");

        PackageGraph graph = PackageGraph.read(classes, "x");

        assertThat(graph.packages()).containsExactly("x.a");
        assertThat(graph.cycles()).isEmpty();
    }

    /** A class whose one method calls a static method of {@code uses}, so only its constant pool names it. */
    private void write(String name, String uses) throws IOException {
        ClassDesc self = ClassDesc.of(name);
        ClassDesc other = ClassDesc.of(uses);
        byte[] bytes = ClassFile.of().build(self, c -> c.withMethodBody("run", MethodTypeDesc.of(ConstantDescs.CD_void),
                ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC, code -> code
                        .invokestatic(other, "run", MethodTypeDesc.of(ConstantDescs.CD_void))
                        .return_()));
        Path file = classes.resolve(name.replace('.', '/') + ".class");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
