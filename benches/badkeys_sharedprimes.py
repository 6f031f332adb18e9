"""badkeys' shared-prime check (badkeys.rsakeys.sharedprimes) over hex moduli, one per line.

Used by benches/compare.sh audit-shared-primes: the same moduli keywright's batch GCD reads.
"""

import sys

from badkeys.rsakeys.sharedprimes import sharedprimes

moduli = [int(line, 16) for line in open(sys.argv[1]) if line.strip()]
found = sum(1 for n in moduli if sharedprimes(n))
print(f"{len(moduli)} moduli, {found} found by badkeys sharedprimes")
