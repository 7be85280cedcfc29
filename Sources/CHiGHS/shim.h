// The HiGHS C API (MIT licence), installed by scripts/setup.sh with a pkg-config file `highs`.
#include <interfaces/highs_c_api.h>
