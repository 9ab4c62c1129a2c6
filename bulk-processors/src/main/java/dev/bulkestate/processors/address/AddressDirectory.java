package dev.bulkestate.processors.address;

import java.util.Collection;
import java.util.List;

/**
 * The addresses a reference dataset knows, as address verification asks for them. Implementations
 * are thread-safe and answer from indexes (no scan per call).
 */
public interface AddressDirectory {

  /** A directory that knows no address. */
  AddressDirectory EMPTY = new AddressDirectory() {
    @Override
    public List<KnownAddress> find(String zip5, String primaryLine) {
      return List.of();
    }

    @Override
    public Collection<String> streets(String zip5) {
      return List.of();
    }
  };

  /**
   * The known addresses at a standardized primary line ("123 N MAIN ST") in a ZIP code: one per
   * unit, or one with a null unit for a single-unit address; empty when none.
   */
  List<KnownAddress> find(String zip5, String primaryLine);

  /**
   * The distinct standardized street names in a ZIP code, without house numbers and units
   * ("N MAIN ST", "PO BOX" is not a street); empty when none.
   */
  Collection<String> streets(String zip5);
}
