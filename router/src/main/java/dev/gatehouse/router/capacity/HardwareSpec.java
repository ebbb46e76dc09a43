package dev.gatehouse.router.capacity;

import dev.gatehouse.hardware.HardwareSnapshot;
import dev.gatehouse.hardware.HardwareSnapshot.GpuInfo;
import dev.gatehouse.hardware.HardwareSnapshot.MemoryInfo;
import dev.gatehouse.inference.placement.ByteSize;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hardware someone describes on the command line ({@code --gpus 2x80GiB,1x24GiB --ram 256GiB}) instead of the
 * machine it runs on: an empty, idle machine of that shape.
 */
public final class HardwareSpec {
    private static final Pattern GROUP = Pattern.compile("(?:(\\d{1,2})\\s*x\\s*)?(.+)", Pattern.CASE_INSENSITIVE);

    private HardwareSpec() {}

    /**
     * @throws IllegalArgumentException naming the part that is wrong and the accepted form
     */
    public static List<Long> parseGpus(String text) {
        List<Long> sizes = new ArrayList<>();
        if (text.isBlank() || text.trim().equals("0") || text.trim().equalsIgnoreCase("none")) return sizes;
        for (String part : text.split(",")) {
            Matcher m = GROUP.matcher(part.trim());
            if (!m.matches()) throw bad(part);
            int count = m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
            long bytes;
            try {
                bytes = ByteSize.parse(m.group(2)).bytes();
            } catch (IllegalArgumentException e) {
                throw bad(part);
            }
            if (count < 1 || bytes <= 0) throw bad(part);
            for (int i = 0; i < count; i++) sizes.add(bytes);
        }
        return sizes;
    }

    /** The live snapshot with its GPUs and/or RAM replaced by the described ones (null keeps the live figure). */
    public static HardwareSnapshot override(HardwareSnapshot live, List<Long> gpus, Long ramBytes) {
        List<GpuInfo> gpuInfos = live.gpus();
        String note = live.gpuNote();
        if (gpus != null) {
            gpuInfos = new ArrayList<>();
            for (int i = 0; i < gpus.size(); i++) {
                gpuInfos.add(new GpuInfo(i, "planned GPU " + ByteSize.format(gpus.get(i)), "planned-" + i, gpus.get(i),
                        0, gpus.get(i), -1, -1, "", ""));
            }
            note = gpus.isEmpty() ? "--gpus none" : null;
        }
        MemoryInfo memory = ramBytes == null ? live.memory() : new MemoryInfo(ramBytes, ramBytes, 0);
        return new HardwareSnapshot(Instant.now(), live.cpu(), memory, gpuInfos, note);
    }

    private static IllegalArgumentException bad(String part) {
        return new IllegalArgumentException("--gpus: '" + part.trim()
                + "' is not a GPU group, expected COUNTxSIZE or SIZE, e.g. 2x80GiB,1x24GiB");
    }
}
