// The CBLAS interface of OpenBLAS (BSD licence), Debian's libopenblas-dev,
// installed by scripts/setup.sh with a pkg-config file `openblas`.
#include <cblas.h>
