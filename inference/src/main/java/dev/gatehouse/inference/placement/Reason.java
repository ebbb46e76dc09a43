package dev.gatehouse.inference.placement;

/** A reason code with the figures behind it, e.g. FITS_ONE_GPU "fits on GPU0 with 12.1 GiB free after reserve". */
public record Reason(ReasonCode code, String detail) {
    @Override
    public String toString() {
        return detail;
    }
}
