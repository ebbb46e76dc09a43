package dev.gatehouse.natives.nvml;

import dev.gatehouse.natives.NativeException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * NVIDIA's management library (libnvidia-ml), called through the FFM API so no JNI code has to be compiled. Opening
 * loads the library and initialises NVML; {@link #close()} shuts it down and unloads it. Thread-safe (NVML is);
 * idempotent close; any call after close throws {@link IllegalStateException}.
 */
public final class Nvml implements AutoCloseable {
    /** The versioned name the driver installs; the unversioned one only comes with the development package. */
    public static final String LIBRARY = "libnvidia-ml.so.1";

    private static final int SUCCESS = 0;
    private static final int NAME_BUFFER = 96;      // NVML_DEVICE_NAME_V2_BUFFER_SIZE
    private static final int UUID_BUFFER = 96;      // NVML_DEVICE_UUID_V2_BUFFER_SIZE
    private static final int DRIVER_BUFFER = 80;    // NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE
    private static final int TEMPERATURE_GPU = 0;   // NVML_TEMPERATURE_GPU

    private final Arena arena;
    private final NvmlFunctions functions;
    private boolean closed;

    private Nvml(Arena arena, NvmlFunctions functions) {
        this.arena = arena;
        this.functions = functions;
    }

    /** Loads {@value #LIBRARY} from the loader's search path and initialises NVML. */
    public static Nvml open() {
        return open(LIBRARY);
    }

    /**
     * Loads {@code library} (a name the dynamic loader searches for, or a path) and initialises NVML.
     *
     * @throws NativeException {@code LIBRARY_LOAD_FAILED} when the library is absent ("libnvidia-ml.so.1 not
     *                         found: ...") or nvmlInit_v2 fails (no driver loaded, no permission)
     */
    public static Nvml open(String library) {
        Arena arena = Arena.ofShared();
        try {
            SymbolLookup symbols;
            try {
                symbols = SymbolLookup.libraryLookup(library, arena);
            } catch (IllegalArgumentException e) {
                throw new NativeException(NativeException.Kind.LIBRARY_LOAD_FAILED, library + " not found: "
                        + e.getMessage() + " (no NVIDIA driver on this machine, or it is not on the loader's path)", e);
            }
            var functions = new NvmlFunctions(symbols);
            int status = (int) functions.init.invokeExact();
            if (status != SUCCESS) {
                throw new NativeException(NativeException.Kind.LIBRARY_LOAD_FAILED,
                        "nvmlInit_v2 failed: " + functions.describe(status));
            }
            return new Nvml(arena, functions);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        } catch (Throwable e) {
            arena.close();
            throw new NativeException(NativeException.Kind.LIBRARY_LOAD_FAILED, "cannot call " + library + ": " + e, e);
        }
    }

    /** Every GPU NVML sees, read now. A device whose optional figure cannot be read reports -1 for it. */
    public synchronized List<NvmlDevice> devices() {
        requireOpen();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment count = call.allocate(ValueLayout.JAVA_INT);
            check((int) functions.deviceCount.invokeExact(count), "nvmlDeviceGetCount_v2");
            List<NvmlDevice> devices = new ArrayList<>();
            for (int i = 0; i < count.get(ValueLayout.JAVA_INT, 0); i++) {
                devices.add(device(call, i));
            }
            return List.copyOf(devices);
        } catch (NativeException e) {
            throw e;
        } catch (Throwable e) {
            throw new NativeException(NativeException.Kind.GENERATION_FAILED, "NVML call failed: " + e, e);
        }
    }

    /** The driver version, e.g. "550.54.15". */
    public synchronized String driverVersion() {
        requireOpen();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment text = call.allocate(DRIVER_BUFFER);
            check((int) functions.driverVersion.invokeExact(text, DRIVER_BUFFER), "nvmlSystemGetDriverVersion");
            return text.getString(0);
        } catch (NativeException e) {
            throw e;
        } catch (Throwable e) {
            throw new NativeException(NativeException.Kind.GENERATION_FAILED, "NVML call failed: " + e, e);
        }
    }

    /** The CUDA version the driver supports, e.g. "12.4". */
    public synchronized String cudaVersion() {
        requireOpen();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment version = call.allocate(ValueLayout.JAVA_INT);
            check((int) functions.cudaVersion.invokeExact(version), "nvmlSystemGetCudaDriverVersion_v2");
            int value = version.get(ValueLayout.JAVA_INT, 0); // 12040 means 12.4
            return value / 1000 + "." + value % 1000 / 10;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable e) {
            throw new NativeException(NativeException.Kind.GENERATION_FAILED, "NVML call failed: " + e, e);
        }
    }

    /** Shuts NVML down and unloads the library; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            int ignored = (int) functions.shutdown.invokeExact();
        } catch (Throwable e) {
            // shutting down is best effort: the library is unloaded next either way
        } finally {
            arena.close();
        }
    }

    private NvmlDevice device(Arena call, int index) throws Throwable {
        MemorySegment handle = call.allocate(ValueLayout.ADDRESS);
        check((int) functions.handleByIndex.invokeExact(index, handle), "nvmlDeviceGetHandleByIndex_v2");
        MemorySegment device = handle.get(ValueLayout.ADDRESS, 0);
        MemorySegment name = call.allocate(NAME_BUFFER);
        check((int) functions.name.invokeExact(device, name, NAME_BUFFER), "nvmlDeviceGetName");
        MemorySegment uuid = call.allocate(UUID_BUFFER);
        check((int) functions.uuid.invokeExact(device, uuid, UUID_BUFFER), "nvmlDeviceGetUUID");
        // nvmlMemory_t: unsigned long long total, free, used
        MemorySegment memory = call.allocate(3 * Long.BYTES, Long.BYTES);
        check((int) functions.memoryInfo.invokeExact(device, memory), "nvmlDeviceGetMemoryInfo");
        // nvmlUtilization_t: unsigned int gpu, memory
        MemorySegment utilization = call.allocate(2 * Integer.BYTES, Integer.BYTES);
        int busy = (int) functions.utilization.invokeExact(device, utilization) == SUCCESS
                ? utilization.get(ValueLayout.JAVA_INT, 0) : -1;
        MemorySegment temperature = call.allocate(ValueLayout.JAVA_INT);
        int celsius = (int) functions.temperature.invokeExact(device, TEMPERATURE_GPU, temperature) == SUCCESS
                ? temperature.get(ValueLayout.JAVA_INT, 0) : -1;
        return new NvmlDevice(index, name.getString(0), uuid.getString(0), memory.get(ValueLayout.JAVA_LONG, 0),
                memory.get(ValueLayout.JAVA_LONG, 16), memory.get(ValueLayout.JAVA_LONG, 8), busy, celsius);
    }

    private void check(int status, String function) {
        if (status != SUCCESS) {
            throw new NativeException(NativeException.Kind.GENERATION_FAILED,
                    function + " failed: " + functions.describe(status));
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("NVML is closed");
        }
    }

    /** Method handles of the NVML entry points used, bound once per open library. */
    private static final class NvmlFunctions {
        final MethodHandle init;
        final MethodHandle shutdown;
        final MethodHandle deviceCount;
        final MethodHandle handleByIndex;
        final MethodHandle name;
        final MethodHandle uuid;
        final MethodHandle memoryInfo;
        final MethodHandle utilization;
        final MethodHandle temperature;
        final MethodHandle driverVersion;
        final MethodHandle cudaVersion;
        final MethodHandle errorString;

        NvmlFunctions(SymbolLookup symbols) {
            var i = ValueLayout.JAVA_INT;
            var p = ValueLayout.ADDRESS;
            init = bind(symbols, "nvmlInit_v2", FunctionDescriptor.of(i));
            shutdown = bind(symbols, "nvmlShutdown", FunctionDescriptor.of(i));
            deviceCount = bind(symbols, "nvmlDeviceGetCount_v2", FunctionDescriptor.of(i, p));
            handleByIndex = bind(symbols, "nvmlDeviceGetHandleByIndex_v2", FunctionDescriptor.of(i, i, p));
            name = bind(symbols, "nvmlDeviceGetName", FunctionDescriptor.of(i, p, p, i));
            uuid = bind(symbols, "nvmlDeviceGetUUID", FunctionDescriptor.of(i, p, p, i));
            memoryInfo = bind(symbols, "nvmlDeviceGetMemoryInfo", FunctionDescriptor.of(i, p, p));
            utilization = bind(symbols, "nvmlDeviceGetUtilizationRates", FunctionDescriptor.of(i, p, p));
            temperature = bind(symbols, "nvmlDeviceGetTemperature", FunctionDescriptor.of(i, p, i, p));
            driverVersion = bind(symbols, "nvmlSystemGetDriverVersion", FunctionDescriptor.of(i, p, i));
            cudaVersion = bind(symbols, "nvmlSystemGetCudaDriverVersion_v2", FunctionDescriptor.of(i, p));
            errorString = bind(symbols, "nvmlErrorString", FunctionDescriptor.of(p.withTargetLayout(
                    java.lang.foreign.MemoryLayout.sequenceLayout(256, ValueLayout.JAVA_BYTE)), i));
        }

        /** "error 3 (Not Supported)": the code and NVML's own words for it. */
        String describe(int status) {
            try {
                MemorySegment text = (MemorySegment) errorString.invokeExact(status);
                return "error " + status + " (" + text.getString(0) + ")";
            } catch (Throwable e) {
                return "error " + status;
            }
        }

        private static MethodHandle bind(SymbolLookup symbols, String function, FunctionDescriptor descriptor) {
            MemorySegment address = symbols.find(function).orElseThrow(() -> new NativeException(
                    NativeException.Kind.LIBRARY_LOAD_FAILED, LIBRARY + " has no " + function + " (driver too old?)"));
            return Linker.nativeLinker().downcallHandle(address, descriptor);
        }
    }
}
