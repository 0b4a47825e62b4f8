# SPDX-License-Identifier: GPL-2.0
#
# highpt's everyday commands. The kernel build itself reads Kbuild.
#
#   make demo       the main job, on Debian's stock 686-pae kernel
#                   (TASKS=100 SIZE=1024: the seed's processes x MiB)
#   make check      every test; KERNELS="6.1 stock" runs a subset
#   make shell      a guest shell with highpt loaded (KERNEL=6.1 APPEND=...)
#   make bench      the pool benchmark (KERNEL=stock CPUS=2)
#   make kernels    fetch and build the test kernels into the cache
#   make modules    build in place against KDIR (as dkms does)

KERNELS ?= stock stock64 6.1 6.12 latest 6.12-64
KERNEL ?= stock
APPEND ?=
CPUS ?= 2
TASKS ?= 100
SIZE ?= 1024
KDIR ?= /lib/modules/$(shell uname -r)/build

.PHONY: all modules clean setup check demo shell kernels bench

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean

# Not tools/highpt setup: on a fresh machine python3 may not be there yet.
setup:
	tools/setup.sh

check: setup
	tools/highpt check $(KERNELS)

demo: setup
	tools/highpt demo --tasks $(TASKS) --size $(SIZE)

shell: setup
	tools/highpt shell --kernel $(KERNEL) --append '$(APPEND)'

bench: setup
	tools/highpt bench $(KERNEL) $(CPUS)

kernels: setup
	tools/highpt kernel build $(KERNELS)
