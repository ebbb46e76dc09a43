package dev.gatehouse.router.privacy;

import java.util.List;

/** One kind of sensitive data. Adds what it finds to {@code out}; never keeps the text. */
interface Detector {
    void detect(ScanText text, List<Finding> out);
}
