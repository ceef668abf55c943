/* A test plugin: reports the options the host gave it and the longest run() it was asked for. */
#include <lv2/core/lv2.h>
#include <lv2/urid/urid.h>
#include <lv2/options/options.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/parameters/parameters.h>
#include <lv2/atom/atom.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  float* ports[5];
  float max_block, min_block, rate, longest;
} Probe;

static LV2_Handle instantiate(const LV2_Descriptor* d, double rate, const char* path, const LV2_Feature* const* features) {
  (void)d; (void)rate; (void)path;
  LV2_URID_Map* map = NULL;
  const LV2_Options_Option* options = NULL;
  for (int i = 0; features[i]; i++) {
    if (!strcmp(features[i]->URI, LV2_URID__map)) map = features[i]->data;
    if (!strcmp(features[i]->URI, LV2_OPTIONS__options)) options = features[i]->data;
  }
  if (!map || !options) return NULL;
  Probe* p = calloc(1, sizeof(Probe));
  LV2_URID max = map->map(map->handle, LV2_BUF_SIZE__maxBlockLength);
  LV2_URID min = map->map(map->handle, LV2_BUF_SIZE__minBlockLength);
  LV2_URID sr = map->map(map->handle, LV2_PARAMETERS__sampleRate);
  LV2_URID atom_int = map->map(map->handle, LV2_ATOM__Int);
  LV2_URID atom_float = map->map(map->handle, LV2_ATOM__Float);
  for (const LV2_Options_Option* o = options; o->key; o++) {
    if (o->key == max && o->type == atom_int) p->max_block = (float)*(const int32_t*)o->value;
    if (o->key == min && o->type == atom_int) p->min_block = (float)*(const int32_t*)o->value;
    if (o->key == sr && o->type == atom_float) p->rate = *(const float*)o->value;
  }
  return p;
}

static void connect_port(LV2_Handle h, uint32_t port, void* data) {
  ((Probe*)h)->ports[port] = data;
}

static void run(LV2_Handle h, uint32_t n) {
  Probe* p = h;
  if (n > p->longest) p->longest = (float)n;
  *p->ports[0] = p->max_block;
  *p->ports[1] = p->min_block;
  *p->ports[2] = p->rate;
  *p->ports[3] = p->longest;
  for (uint32_t i = 0; i < n; i++) p->ports[4][i] = 0.0f;
}

static void cleanup(LV2_Handle h) {
  free(h);
}

static const LV2_Descriptor descriptor = {"urn:aether:test:probe", instantiate, connect_port, NULL, run, NULL, cleanup, NULL};

LV2_SYMBOL_EXPORT const LV2_Descriptor* lv2_descriptor(uint32_t index) {
  return index == 0 ? &descriptor : NULL;
}
