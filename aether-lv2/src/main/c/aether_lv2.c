/*
 * The native half of aether-lv2: a small LV2 host on top of lilv.
 *
 * Why C: the host features an LV2 plugin may call from run() (URID map/unmap, worker
 * schedule) must be served on the RT thread without a call back into the JVM, and
 * lilv_instance_run is an inline that calls the descriptor's run through a function pointer.
 * Everything the plugin can reach is implemented here; Java sees a handful of JNI calls with
 * primitive arguments on buffers it allocated once (direct ByteBuffers).
 *
 * Threads: aether_lv2_run and the functions marked "RT" run on the engine's RT thread and
 * neither allocate nor lock (the URID table locks only when a plugin maps a new URI from run,
 * which the LV2 spec discourages). Everything else runs on the control side. Each instance
 * with a worker interface owns one worker pthread.
 */
#include <jni.h>
#include <lilv/lilv.h>
#include <lv2/core/lv2.h>
#include <lv2/urid/urid.h>
#include <lv2/options/options.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/worker/worker.h>
#include <lv2/state/state.h>
#include <lv2/atom/atom.h>
#include <lv2/atom/util.h>
#include <lv2/midi/midi.h>
#include <lv2/parameters/parameters.h>
#include <lv2/units/units.h>
#include <lv2/port-props/port-props.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <math.h>

/* ---------------------------------------------------------------- URID map (process wide) */

static pthread_mutex_t urid_lock = PTHREAD_MUTEX_INITIALIZER;
static char** urid_uris;
static uint32_t urid_count;
static uint32_t urid_cap;

static LV2_URID urid_map(LV2_URID_Map_Handle handle, const char* uri) {
  (void)handle;
  if (!uri) {
    return 0;
  }
  pthread_mutex_lock(&urid_lock);
  for (uint32_t i = 0; i < urid_count; i++) {
    if (!strcmp(urid_uris[i], uri)) {
      pthread_mutex_unlock(&urid_lock);
      return i + 1;
    }
  }
  if (urid_count == urid_cap) {
    uint32_t cap = urid_cap ? urid_cap * 2 : 256;
    char** grown = realloc(urid_uris, cap * sizeof(char*));
    if (!grown) {
      pthread_mutex_unlock(&urid_lock);
      return 0;
    }
    urid_uris = grown;
    urid_cap = cap;
  }
  urid_uris[urid_count++] = strdup(uri);
  LV2_URID id = urid_count;
  pthread_mutex_unlock(&urid_lock);
  return id;
}

static const char* urid_unmap(LV2_URID_Unmap_Handle handle, LV2_URID urid) {
  (void)handle;
  pthread_mutex_lock(&urid_lock);
  const char* uri = urid > 0 && urid <= urid_count ? urid_uris[urid - 1] : NULL;
  pthread_mutex_unlock(&urid_lock);
  return uri;
}

static LV2_URID_Map map = {NULL, urid_map};
static LV2_URID_Unmap unmap = {NULL, urid_unmap};

/* ---------------------------------------------------------------- text buffer */

typedef struct {
  char* s;
  size_t len;
  size_t cap;
} Text;

static void text_add(Text* t, const char* s) {
  size_t n = strlen(s);
  if (t->len + n + 1 > t->cap) {
    size_t cap = t->cap ? t->cap : 4096;
    while (t->len + n + 1 > cap) {
      cap *= 2;
    }
    t->s = realloc(t->s, cap);
    t->cap = cap;
  }
  memcpy(t->s + t->len, s, n + 1);
  t->len += n;
}

/* A field: tabs and line breaks would break the record format, so they become spaces. */
static void text_field(Text* t, const char* s) {
  text_add(t, "\t");
  char c[2] = {0, 0};
  for (const char* p = s ? s : ""; *p; p++) {
    c[0] = (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p;
    text_add(t, c);
  }
}

static void text_float(Text* t, const LilvNode* n) {
  char b[64];
  if (n && (lilv_node_is_float(n) || lilv_node_is_int(n))) {
    snprintf(b, sizeof b, "%.9g", (double)lilv_node_as_float(n));
  } else if (n && lilv_node_is_bool(n)) {
    snprintf(b, sizeof b, "%d", lilv_node_as_bool(n) ? 1 : 0);
  } else {
    snprintf(b, sizeof b, "nan");
  }
  text_field(t, b);
}

/* ---------------------------------------------------------------- world */

typedef struct {
  LilvWorld* world;
  LilvNode *audio, *control, *cv, *atom, *input, *output, *midi_event, *unit, *unit_symbol;
  LilvNode *integer, *toggled, *enumeration, *sample_rate, *reports_latency, *logarithmic, *optional;
} World;

JNIEXPORT jlong JNICALL Java_org_aetherdsp_lv2_Lv2Native_worldNew(JNIEnv* env, jclass c, jstring path) {
  (void)c;
  World* w = calloc(1, sizeof(World));
  w->world = lilv_world_new();
  if (path) {
    const char* p = (*env)->GetStringUTFChars(env, path, NULL);
    LilvNode* v = lilv_new_string(w->world, p);
    lilv_world_set_option(w->world, LILV_OPTION_LV2_PATH, v);
    lilv_node_free(v);
    (*env)->ReleaseStringUTFChars(env, path, p);
  }
  lilv_world_load_all(w->world);
  w->audio = lilv_new_uri(w->world, LV2_CORE__AudioPort);
  w->control = lilv_new_uri(w->world, LV2_CORE__ControlPort);
  w->cv = lilv_new_uri(w->world, LV2_CORE__CVPort);
  w->atom = lilv_new_uri(w->world, LV2_ATOM__AtomPort);
  w->input = lilv_new_uri(w->world, LV2_CORE__InputPort);
  w->output = lilv_new_uri(w->world, LV2_CORE__OutputPort);
  w->midi_event = lilv_new_uri(w->world, LV2_MIDI__MidiEvent);
  w->unit = lilv_new_uri(w->world, LV2_UNITS__unit);
  w->unit_symbol = lilv_new_uri(w->world, LV2_UNITS__symbol);
  w->integer = lilv_new_uri(w->world, LV2_CORE__integer);
  w->toggled = lilv_new_uri(w->world, LV2_CORE__toggled);
  w->enumeration = lilv_new_uri(w->world, LV2_CORE__enumeration);
  w->sample_rate = lilv_new_uri(w->world, LV2_CORE__sampleRate);
  w->reports_latency = lilv_new_uri(w->world, LV2_CORE__reportsLatency);
  w->logarithmic = lilv_new_uri(w->world, LV2_PORT_PROPS__logarithmic);
  w->optional = lilv_new_uri(w->world, LV2_CORE__connectionOptional);
  return (jlong)(intptr_t)w;
}

static void describe_plugin(World* w, const LilvPlugin* p, Text* t) {
  const char* uri = lilv_node_as_uri(lilv_plugin_get_uri(p));
  if (!lilv_plugin_verify(p)) {
    text_add(t, "E");
    text_field(t, uri);
    text_field(t, "its data does not verify (a required property is missing or its binary is not declared)");
    text_add(t, "\n");
    return;
  }
  const LilvNode* lib = lilv_plugin_get_library_uri(p);
  char* path = lib ? lilv_file_uri_parse(lilv_node_as_uri(lib), NULL) : NULL;
  if (!path || access(path, R_OK) != 0) {
    text_add(t, "E");
    text_field(t, uri);
    char b[1200];
    snprintf(b, sizeof b, "its binary %s cannot be read", path ? path : "(none)");
    text_field(t, b);
    text_add(t, "\n");
    lilv_free(path);
    return;
  }
  text_add(t, "P");
  text_field(t, uri);
  LilvNode* name = lilv_plugin_get_name(p);
  text_field(t, name ? lilv_node_as_string(name) : uri);
  lilv_node_free(name);
  const LilvPluginClass* cls = lilv_plugin_get_class(p);
  const LilvNode* label = cls ? lilv_plugin_class_get_label(cls) : NULL;
  text_field(t, label ? lilv_node_as_string(label) : "");
  text_field(t, path);
  text_add(t, "\n");
  lilv_free(path);

  LilvNodes* req = lilv_plugin_get_required_features(p);
  LILV_FOREACH (nodes, i, req) {
    text_add(t, "R");
    text_field(t, lilv_node_as_uri(lilv_nodes_get(req, i)));
    text_add(t, "\n");
  }
  lilv_nodes_free(req);
  LilvNodes* ext = lilv_plugin_get_extension_data(p);
  LILV_FOREACH (nodes, i, ext) {
    text_add(t, "X");
    text_field(t, lilv_node_as_uri(lilv_nodes_get(ext, i)));
    text_add(t, "\n");
  }
  lilv_nodes_free(ext);

  uint32_t n = lilv_plugin_get_num_ports(p);
  for (uint32_t k = 0; k < n; k++) {
    const LilvPort* port = lilv_plugin_get_port_by_index(p, k);
    const char* kind = lilv_port_is_a(p, port, w->audio) ? "audio"
        : lilv_port_is_a(p, port, w->control) ? "control"
        : lilv_port_is_a(p, port, w->cv) ? "cv"
        : lilv_port_is_a(p, port, w->atom) ? "atom" : "other";
    const char* dir = lilv_port_is_a(p, port, w->input) ? "in" : lilv_port_is_a(p, port, w->output) ? "out" : "?";
    char b[64];
    text_add(t, "T");
    snprintf(b, sizeof b, "%u", k);
    text_field(t, b);
    text_field(t, kind);
    text_field(t, dir);
    text_field(t, lilv_node_as_string(lilv_port_get_symbol(p, port)));
    LilvNode* pname = lilv_port_get_name(p, port);
    text_field(t, pname ? lilv_node_as_string(pname) : "");
    lilv_node_free(pname);
    LilvNode *def = NULL, *min = NULL, *max = NULL;
    lilv_port_get_range(p, port, &def, &min, &max);
    text_float(t, min);
    text_float(t, max);
    text_float(t, def);
    lilv_node_free(def);
    lilv_node_free(min);
    lilv_node_free(max);
    LilvNodes* units = lilv_port_get_value(p, port, w->unit);
    const char* unit = "";
    LilvNode* sym = NULL;
    if (units && lilv_nodes_size(units) > 0) {
      const LilvNode* u = lilv_nodes_get_first(units);
      if (lilv_node_is_uri(u)) {
        sym = lilv_world_get(w->world, u, w->unit_symbol, NULL);
        if (sym) {
          unit = lilv_node_as_string(sym);
        } else {
          const char* s = lilv_node_as_uri(u);
          const char* hash = strrchr(s, '#');
          unit = hash ? hash + 1 : s;
        }
      }
    }
    text_field(t, unit);
    lilv_node_free(sym);
    lilv_nodes_free(units);
    Text props = {0};
    if (lilv_port_has_property(p, port, w->integer)) text_add(&props, "integer,");
    if (lilv_port_has_property(p, port, w->toggled)) text_add(&props, "toggled,");
    if (lilv_port_has_property(p, port, w->enumeration)) text_add(&props, "enumeration,");
    if (lilv_port_has_property(p, port, w->sample_rate)) text_add(&props, "sampleRate,");
    if (lilv_port_has_property(p, port, w->reports_latency)) text_add(&props, "reportsLatency,");
    if (lilv_port_has_property(p, port, w->logarithmic)) text_add(&props, "logarithmic,");
    if (lilv_port_has_property(p, port, w->optional)) text_add(&props, "connectionOptional,");
    if (lilv_port_supports_event(p, port, w->midi_event)) text_add(&props, "midi,");
    text_field(t, props.s ? props.s : "");
    free(props.s);
    text_add(t, "\n");
    LilvScalePoints* points = lilv_port_get_scale_points(p, port);
    LILV_FOREACH (scale_points, i, points) {
      const LilvScalePoint* sp = lilv_scale_points_get(points, i);
      text_add(t, "S");
      text_float(t, lilv_scale_point_get_value(sp));
      text_field(t, lilv_node_as_string(lilv_scale_point_get_label(sp)));
      text_add(t, "\n");
    }
    lilv_scale_points_free(points);
  }
}

/*
 * Every plugin of the world as lines of tab-separated fields:
 * P uri name class binary / R feature / X extension / T index kind dir symbol name min max default unit props
 * / S value label (a scale point of the port before) / E uri problem (a plugin that cannot be used).
 */
JNIEXPORT jbyteArray JNICALL Java_org_aetherdsp_lv2_Lv2Native_describe(JNIEnv* env, jclass c, jlong world) {
  (void)c;
  World* w = (World*)(intptr_t)world;
  Text t = {0};
  text_add(&t, "");
  const LilvPlugins* plugins = lilv_world_get_all_plugins(w->world);
  LILV_FOREACH (plugins, i, plugins) {
    describe_plugin(w, lilv_plugins_get(plugins, i), &t);
  }
  /* UTF-8 bytes, decoded in Java: NewStringUTF takes modified UTF-8, which a name outside the BMP breaks. */
  jbyteArray bytes = (*env)->NewByteArray(env, (jsize)t.len);
  if (bytes) {
    (*env)->SetByteArrayRegion(env, bytes, 0, (jsize)t.len, (const jbyte*)t.s);
  }
  free(t.s);
  return bytes;
}

/* ---------------------------------------------------------------- SPSC byte rings (worker) */

#define RING_SIZE 65536u /* power of two */

typedef struct {
  uint8_t data[RING_SIZE];
  _Atomic uint32_t write;
  _Atomic uint32_t read;
} Ring;

static uint32_t ring_space(Ring* r) {
  return RING_SIZE - (atomic_load_explicit(&r->write, memory_order_relaxed)
                      - atomic_load_explicit(&r->read, memory_order_acquire));
}

static void ring_copy_in(Ring* r, uint32_t at, const void* src, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    r->data[(at + i) & (RING_SIZE - 1)] = ((const uint8_t*)src)[i];
  }
}

static void ring_copy_out(Ring* r, uint32_t at, void* dst, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    ((uint8_t*)dst)[i] = r->data[(at + i) & (RING_SIZE - 1)];
  }
}

/* One producer: writes [size][bytes], then publishes with a release store. */
static int ring_put(Ring* r, uint32_t size, const void* data) {
  if (ring_space(r) < size + 4) {
    return 0;
  }
  uint32_t w = atomic_load_explicit(&r->write, memory_order_relaxed);
  ring_copy_in(r, w, &size, 4);
  ring_copy_in(r, w + 4, data, size);
  atomic_store_explicit(&r->write, w + 4 + size, memory_order_release);
  return 1;
}

/* One consumer: the message into dst (up to cap bytes); returns its size, or -1 if empty. */
static int64_t ring_get(Ring* r, void* dst, uint32_t cap) {
  uint32_t rd = atomic_load_explicit(&r->read, memory_order_relaxed);
  if (atomic_load_explicit(&r->write, memory_order_acquire) == rd) {
    return -1;
  }
  uint32_t size;
  ring_copy_out(r, rd, &size, 4);
  ring_copy_out(r, rd + 4, dst, size < cap ? size : cap);
  atomic_store_explicit(&r->read, rd + 4 + size, memory_order_release);
  return size;
}

/* ---------------------------------------------------------------- instances */

/* K_ATOM_MIDI: an atom input that takes midi:MidiEvent, fed the block's MIDI; K_ATOM_IN gets empty sequences. */
enum { K_NONE = 0, K_AUDIO = 1, K_CONTROL_IN = 2, K_CONTROL_OUT = 3, K_ATOM_IN = 4, K_ATOM_OUT = 5, K_ATOM_MIDI = 6 };

typedef struct Host {
  LilvInstance* inst;
  const LV2_Descriptor* desc;
  LV2_Handle h;
  uint32_t nports;
  int32_t* kind;
  float** audio;          /* base of each audio/CV port's buffer */
  float* controls;        /* one float per port */
  uint8_t** atoms;        /* base of each atom port's buffer */
  uint32_t atom_cap;
  int32_t* midi;          /* [count, offset0, message0, ...] written by Java before run */
  float* schedule;        /* rows of nports control values, one row per chunk */
  uint32_t max_block;
  int activated;

  LV2_URID u_sequence, u_chunk, u_midi, u_int, u_float;
  int32_t opt_max, opt_min, opt_nominal, opt_seq;
  float opt_rate;
  LV2_Options_Option options[6];
  LV2_Feature f_map, f_unmap, f_options, f_bounded, f_schedule, f_default;
  const LV2_Feature* features[8];
  LV2_Worker_Schedule schedule_feature;

  const LV2_Worker_Interface* worker;
  Ring* requests;
  Ring* responses;
  uint8_t* work_buf;
  uint8_t* response_buf;
  pthread_t thread;
  sem_t wake;
  _Atomic int stop;
  int thread_started;
  _Atomic int64_t work_done;
  _Atomic int64_t work_dropped;

  const LV2_State_Interface* state;
} Host;

/* RT (from the plugin's run or work_response): queue work for the worker thread. */
static LV2_Worker_Status schedule_work(LV2_Worker_Schedule_Handle handle, uint32_t size, const void* data) {
  Host* host = handle;
  if (!ring_put(host->requests, size, data)) {
    atomic_fetch_add(&host->work_dropped, 1);
    return LV2_WORKER_ERR_NO_SPACE;
  }
  sem_post(&host->wake);
  return LV2_WORKER_SUCCESS;
}

/* Worker thread, inside work(): a response for the next block boundary. */
static LV2_Worker_Status respond(LV2_Worker_Respond_Handle handle, uint32_t size, const void* data) {
  Host* host = handle;
  return ring_put(host->responses, size, data) ? LV2_WORKER_SUCCESS : LV2_WORKER_ERR_NO_SPACE;
}

static void* work_loop(void* arg) {
  Host* host = arg;
  for (;;) {
    sem_wait(&host->wake);
    if (atomic_load(&host->stop)) {
      return NULL;
    }
    int64_t n;
    while ((n = ring_get(host->requests, host->work_buf, RING_SIZE)) >= 0) {
      host->worker->work(host->h, respond, host, (uint32_t)n, host->work_buf);
      atomic_fetch_add(&host->work_done, 1);
    }
  }
}

JNIEXPORT jlong JNICALL Java_org_aetherdsp_lv2_Lv2Native_instantiate(JNIEnv* env, jclass c, jlong world,
                                                                     jstring uri, jdouble rate, jint maxBlock,
                                                                     jint atomCapacity) {
  (void)c;
  World* w = (World*)(intptr_t)world;
  const char* u = (*env)->GetStringUTFChars(env, uri, NULL);
  LilvNode* node = lilv_new_uri(w->world, u);
  (*env)->ReleaseStringUTFChars(env, uri, u);
  const LilvPlugin* p = lilv_plugins_get_by_uri(lilv_world_get_all_plugins(w->world), node);
  lilv_node_free(node);
  if (!p) {
    return 0;
  }
  Host* host = calloc(1, sizeof(Host));
  host->nports = lilv_plugin_get_num_ports(p);
  host->kind = calloc(host->nports, sizeof(int32_t));
  host->audio = calloc(host->nports, sizeof(float*));
  host->atoms = calloc(host->nports, sizeof(uint8_t*));
  host->max_block = (uint32_t)maxBlock;
  host->atom_cap = (uint32_t)atomCapacity;
  host->u_sequence = urid_map(NULL, LV2_ATOM__Sequence);
  host->u_chunk = urid_map(NULL, LV2_ATOM__Chunk);
  host->u_midi = urid_map(NULL, LV2_MIDI__MidiEvent);
  host->u_int = urid_map(NULL, LV2_ATOM__Int);
  host->u_float = urid_map(NULL, LV2_ATOM__Float);
  host->opt_max = maxBlock;
  host->opt_min = 1;
  host->opt_nominal = maxBlock;
  host->opt_seq = atomCapacity;
  host->opt_rate = (float)rate;
  LV2_Options_Option* o = host->options;
  o[0] = (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0, urid_map(NULL, LV2_BUF_SIZE__maxBlockLength), sizeof(int32_t), host->u_int, &host->opt_max};
  o[1] = (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0, urid_map(NULL, LV2_BUF_SIZE__minBlockLength), sizeof(int32_t), host->u_int, &host->opt_min};
  o[2] = (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0, urid_map(NULL, LV2_BUF_SIZE__nominalBlockLength), sizeof(int32_t), host->u_int, &host->opt_nominal};
  o[3] = (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0, urid_map(NULL, LV2_BUF_SIZE__sequenceSize), sizeof(int32_t), host->u_int, &host->opt_seq};
  o[4] = (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0, urid_map(NULL, LV2_PARAMETERS__sampleRate), sizeof(float), host->u_float, &host->opt_rate};
  o[5] = (LV2_Options_Option){LV2_OPTIONS_INSTANCE, 0, 0, 0, 0, NULL};
  host->schedule_feature.handle = host;
  host->schedule_feature.schedule_work = schedule_work;
  host->f_map = (LV2_Feature){LV2_URID__map, &map};
  host->f_unmap = (LV2_Feature){LV2_URID__unmap, &unmap};
  host->f_options = (LV2_Feature){LV2_OPTIONS__options, host->options};
  host->f_bounded = (LV2_Feature){LV2_BUF_SIZE__boundedBlockLength, NULL};
  host->f_schedule = (LV2_Feature){LV2_WORKER__schedule, &host->schedule_feature};
  host->f_default = (LV2_Feature){LV2_STATE__loadDefaultState, NULL};
  host->features[0] = &host->f_map;
  host->features[1] = &host->f_unmap;
  host->features[2] = &host->f_options;
  host->features[3] = &host->f_bounded;
  host->features[4] = &host->f_schedule;
  host->features[5] = &host->f_default;
  host->features[6] = NULL;
  host->requests = calloc(1, sizeof(Ring));
  host->responses = calloc(1, sizeof(Ring));
  host->work_buf = malloc(RING_SIZE);
  host->response_buf = malloc(RING_SIZE);
  sem_init(&host->wake, 0, 0);

  host->inst = lilv_plugin_instantiate(p, rate, host->features);
  if (!host->inst) {
    free(host->kind);
    free(host->audio);
    free(host->atoms);
    free(host->requests);
    free(host->responses);
    free(host->work_buf);
    free(host->response_buf);
    sem_destroy(&host->wake);
    free(host);
    return 0;
  }
  host->desc = lilv_instance_get_descriptor(host->inst);
  host->h = lilv_instance_get_handle(host->inst);
  host->worker = lilv_instance_get_extension_data(host->inst, LV2_WORKER__interface);
  host->state = lilv_instance_get_extension_data(host->inst, LV2_STATE__interface);
  if (host->worker && host->worker->work) {
    if (pthread_create(&host->thread, NULL, work_loop, host) == 0) {
      host->thread_started = 1;
    }
  }
  /* state:loadDefaultState: the default state in the plugin's data, before the first run. */
  LilvState* def = lilv_state_new_from_world(w->world, &map, lilv_plugin_get_uri(p));
  if (def) {
    lilv_state_restore(def, host->inst, NULL, NULL, 0, host->features);
    lilv_state_free(def);
  }
  return (jlong)(intptr_t)host;
}

JNIEXPORT jint JNICALL Java_org_aetherdsp_lv2_Lv2Native_hasWorker(JNIEnv* env, jclass c, jlong handle) {
  (void)env; (void)c;
  Host* host = (Host*)(intptr_t)handle;
  return host->thread_started;
}

JNIEXPORT jlong JNICALL Java_org_aetherdsp_lv2_Lv2Native_workDone(JNIEnv* env, jclass c, jlong handle) {
  (void)env; (void)c;
  return atomic_load(&((Host*)(intptr_t)handle)->work_done);
}

/* Connects port to a direct buffer the Java side owns (kind tells how run treats it). */
JNIEXPORT void JNICALL Java_org_aetherdsp_lv2_Lv2Native_connect(JNIEnv* env, jclass c, jlong handle, jint port,
                                                                 jint kind, jobject buffer) {
  (void)c;
  Host* host = (Host*)(intptr_t)handle;
  void* base = buffer ? (*env)->GetDirectBufferAddress(env, buffer) : NULL;
  host->kind[port] = kind;
  if (kind == K_AUDIO) {
    host->audio[port] = base;
  } else if (kind == K_ATOM_IN || kind == K_ATOM_OUT || kind == K_ATOM_MIDI) {
    host->atoms[port] = base;
    LV2_Atom_Sequence* seq = base;
    seq->atom.size = sizeof(LV2_Atom_Sequence_Body);
    seq->atom.type = host->u_sequence;
    seq->body.unit = 0;
    seq->body.pad = 0;
  }
  host->desc->connect_port(host->h, (uint32_t)port, base);
}

/* The control values (one float per port), the chunk schedule and the MIDI events. */
JNIEXPORT void JNICALL Java_org_aetherdsp_lv2_Lv2Native_buffers(JNIEnv* env, jclass c, jlong handle, jobject controls,
                                                                 jobject schedule, jobject midi) {
  (void)c;
  Host* host = (Host*)(intptr_t)handle;
  host->controls = (*env)->GetDirectBufferAddress(env, controls);
  host->schedule = (*env)->GetDirectBufferAddress(env, schedule);
  host->midi = (*env)->GetDirectBufferAddress(env, midi);
  for (uint32_t p = 0; p < host->nports; p++) {
    if (host->kind[p] == K_CONTROL_IN || host->kind[p] == K_CONTROL_OUT) {
      host->desc->connect_port(host->h, p, &host->controls[p]);
    }
  }
}

JNIEXPORT void JNICALL Java_org_aetherdsp_lv2_Lv2Native_activate(JNIEnv* env, jclass c, jlong handle, jint on) {
  (void)env; (void)c;
  Host* host = (Host*)(intptr_t)handle;
  if (on && !host->activated) {
    lilv_instance_activate(host->inst);
    host->activated = 1;
  } else if (!on && host->activated) {
    lilv_instance_deactivate(host->inst);
    host->activated = 0;
  }
}

static uint32_t midi_length(int32_t message) {
  uint32_t status = (uint32_t)message & 0xF0;
  return status == 0xC0 || status == 0xD0 ? 2 : 3;
}

/* RT: the MIDI events with offsets in [from, to) into each MIDI atom input, at offset - from. */
static void fill_sequences(Host* host, uint32_t from, uint32_t to) {
  for (uint32_t p = 0; p < host->nports; p++) {
    if (host->kind[p] != K_ATOM_IN && host->kind[p] != K_ATOM_MIDI) {
      continue;
    }
    LV2_Atom_Sequence* seq = (LV2_Atom_Sequence*)host->atoms[p];
    seq->atom.type = host->u_sequence;
    seq->atom.size = sizeof(LV2_Atom_Sequence_Body);
    seq->body.unit = 0;
    seq->body.pad = 0;
    int32_t count = host->midi && host->kind[p] == K_ATOM_MIDI ? host->midi[0] : 0;
    for (int32_t e = 0; e < count; e++) {
      uint32_t at = (uint32_t)host->midi[1 + 2 * e];
      if (at < from || at >= to) {
        continue;
      }
      int32_t message = host->midi[2 + 2 * e];
      uint32_t len = midi_length(message);
      uint32_t need = lv2_atom_pad_size(sizeof(LV2_Atom_Event) + len);
      if (sizeof(LV2_Atom) + seq->atom.size + need > host->atom_cap) {
        break;
      }
      LV2_Atom_Event* ev = (LV2_Atom_Event*)(host->atoms[p] + sizeof(LV2_Atom) + seq->atom.size);
      ev->time.frames = at - from;
      ev->body.size = len;
      ev->body.type = host->u_midi;
      uint8_t* bytes = (uint8_t*)(ev + 1);
      bytes[0] = (uint8_t)(message & 0xFF);
      bytes[1] = (uint8_t)((message >> 8) & 0x7F);
      bytes[2] = (uint8_t)((message >> 16) & 0x7F);
      seq->atom.size += need;
    }
  }
}

/*
 * RT: one block of `frames` frames, in chunks of `chunk` frames. Before chunk k the control
 * inputs take row k of the schedule. Worker responses are delivered before the block, end_run
 * after it. No allocation, no lock, no call into the JVM.
 */
void aether_lv2_run(int64_t handle, int32_t frames, int32_t chunk) {
  Host* host = (Host*)(intptr_t)handle;
  if (host->worker && host->worker->work_response) {
    int64_t n;
    while ((n = ring_get(host->responses, host->response_buf, RING_SIZE)) >= 0) {
      host->worker->work_response(host->h, (uint32_t)n, host->response_buf);
    }
  }
  if (chunk <= 0 || chunk > frames) {
    chunk = frames;
  }
  const uint32_t np = host->nports;
  int chunked = chunk < frames;
  for (int32_t off = 0, row = 0; off < frames; off += chunk, row++) {
    const int32_t len = frames - off < chunk ? frames - off : chunk;
    const float* values = host->schedule + (size_t)row * np;
    for (uint32_t p = 0; p < np; p++) {
      const int32_t k = host->kind[p];
      if (k == K_CONTROL_IN) {
        host->controls[p] = values[p];
      } else if (k == K_AUDIO && chunked) {
        host->desc->connect_port(host->h, p, host->audio[p] ? host->audio[p] + off : NULL);
      } else if (k == K_ATOM_OUT) {
        LV2_Atom* a = (LV2_Atom*)host->atoms[p];
        a->size = host->atom_cap - sizeof(LV2_Atom);
        a->type = host->u_chunk;
      }
    }
    fill_sequences(host, (uint32_t)off, (uint32_t)(off + len));
    host->desc->run(host->h, (uint32_t)len);
  }
  if (chunked) {
    for (uint32_t p = 0; p < np; p++) {
      if (host->kind[p] == K_AUDIO) {
        host->desc->connect_port(host->h, p, host->audio[p]);
      }
    }
  }
  if (host->worker && host->worker->end_run) {
    host->worker->end_run(host->h);
  }
}

JNIEXPORT void JNICALL Java_org_aetherdsp_lv2_Lv2Native_run(JNIEnv* env, jclass c, jlong handle, jint frames, jint chunk) {
  (void)env; (void)c;
  aether_lv2_run(handle, frames, chunk);
}

/* An empty JNI call, for the benchmark that separates the call cost from the plugin's. */
JNIEXPORT void JNICALL Java_org_aetherdsp_lv2_Lv2Native_nop(JNIEnv* env, jclass c, jlong handle, jint frames, jint chunk) {
  (void)env; (void)c; (void)handle; (void)frames; (void)chunk;
}

void aether_lv2_nop(int64_t handle, int32_t frames, int32_t chunk) {
  (void)handle; (void)frames; (void)chunk;
}

JNIEXPORT void JNICALL Java_org_aetherdsp_lv2_Lv2Native_free(JNIEnv* env, jclass c, jlong handle) {
  (void)env; (void)c;
  Host* host = (Host*)(intptr_t)handle;
  if (host->thread_started) {
    atomic_store(&host->stop, 1);
    sem_post(&host->wake);
    pthread_join(host->thread, NULL);
  }
  if (host->activated) {
    lilv_instance_deactivate(host->inst);
  }
  lilv_instance_free(host->inst);
  sem_destroy(&host->wake);
  free(host->kind);
  free(host->audio);
  free(host->atoms);
  free(host->requests);
  free(host->responses);
  free(host->work_buf);
  free(host->response_buf);
  free(host);
}

/* ---------------------------------------------------------------- state */

/*
 * The state a plugin stores, serialised portably: [u32 count] then per property
 * [u32 key length][key URI][u32 type length][type URI][u32 flags][u32 size][value], URIs as
 * text so that a file restores in another process (whose URIDs differ).
 */
typedef struct {
  uint8_t* buf;
  uint32_t cap;
  uint32_t pos;
  uint32_t count;
  int overflow;
} StateOut;

static void put_bytes(StateOut* s, const void* data, uint32_t n) {
  if (s->pos + n > s->cap) {
    s->overflow = 1;
    return;
  }
  memcpy(s->buf + s->pos, data, n);
  s->pos += n;
}

static void put_u32(StateOut* s, uint32_t v) {
  put_bytes(s, &v, 4);
}

static LV2_State_Status store(LV2_State_Handle handle, uint32_t key, const void* value, size_t size, uint32_t type,
                              uint32_t flags) {
  StateOut* s = handle;
  const char* k = urid_unmap(NULL, key);
  const char* t = urid_unmap(NULL, type);
  if (!k || !t) {
    return LV2_STATE_ERR_UNKNOWN;
  }
  put_u32(s, (uint32_t)strlen(k));
  put_bytes(s, k, (uint32_t)strlen(k));
  put_u32(s, (uint32_t)strlen(t));
  put_bytes(s, t, (uint32_t)strlen(t));
  put_u32(s, flags);
  put_u32(s, (uint32_t)size);
  put_bytes(s, value, (uint32_t)size);
  s->count++;
  return s->overflow ? LV2_STATE_ERR_UNKNOWN : LV2_STATE_SUCCESS;
}

/* Paths are kept as they are (absolute): the state stays valid on this machine. */
static char* abstract_path(LV2_State_Map_Path_Handle h, const char* path) {
  (void)h;
  return strdup(path);
}

static char* absolute_path(LV2_State_Map_Path_Handle h, const char* path) {
  (void)h;
  return strdup(path);
}

static void free_path(LV2_State_Free_Path_Handle h, char* path) {
  (void)h;
  free(path);
}

static LV2_State_Map_Path map_path = {NULL, abstract_path, absolute_path};
static LV2_State_Free_Path free_path_feature = {NULL, free_path};

static void state_features(Host* host, LV2_Feature* f, const LV2_Feature** list) {
  f[0] = (LV2_Feature){LV2_STATE__mapPath, &map_path};
  f[1] = (LV2_Feature){LV2_STATE__freePath, &free_path_feature};
  list[0] = &host->f_map;
  list[1] = &host->f_unmap;
  list[2] = &f[0];
  list[3] = &f[1];
  list[4] = &host->f_schedule;
  list[5] = NULL;
}

/* Saves the plugin's state into out; returns the bytes written, -1 if out is too small, -2 on error, -3 without the extension. */
JNIEXPORT jint JNICALL Java_org_aetherdsp_lv2_Lv2Native_saveState(JNIEnv* env, jclass c, jlong handle, jobject out) {
  (void)c;
  Host* host = (Host*)(intptr_t)handle;
  if (!host->state || !host->state->save) {
    return -3;
  }
  StateOut s = {(*env)->GetDirectBufferAddress(env, out), (uint32_t)(*env)->GetDirectBufferCapacity(env, out), 4, 0, 0};
  if (s.cap < 4) {
    return -1;
  }
  LV2_Feature f[2];
  const LV2_Feature* list[6];
  state_features(host, f, list);
  LV2_State_Status st = host->state->save(host->h, store, &s, LV2_STATE_IS_POD | LV2_STATE_IS_PORTABLE, list);
  if (s.overflow) {
    return -1;
  }
  if (st != LV2_STATE_SUCCESS) {
    return -2;
  }
  memcpy(s.buf, &s.count, 4);
  return (jint)s.pos;
}

typedef struct {
  const uint8_t* buf;
  uint32_t len;
} StateIn;

static uint32_t get_u32(const uint8_t* p) {
  uint32_t v;
  memcpy(&v, p, 4);
  return v;
}

static const void* retrieve(LV2_State_Handle handle, uint32_t key, size_t* size, uint32_t* type, uint32_t* flags) {
  StateIn* s = handle;
  const char* want = urid_unmap(NULL, key);
  if (!want || s->len < 4) {
    return NULL;
  }
  uint32_t count = get_u32(s->buf);
  uint32_t pos = 4;
  char name[4096]; /* per call: restores may run on several threads (engines) at once */
  for (uint32_t i = 0; i < count; i++) {
    if (pos + 4 > s->len) return NULL;
    uint32_t kl = get_u32(s->buf + pos);
    pos += 4;
    if (pos + kl + 4 > s->len) return NULL;
    const uint8_t* k = s->buf + pos;
    pos += kl;
    uint32_t tl = get_u32(s->buf + pos);
    pos += 4;
    if (pos + tl + 8 > s->len || tl >= sizeof name) return NULL;
    const uint8_t* t = s->buf + pos;
    pos += tl;
    uint32_t fl = get_u32(s->buf + pos);
    uint32_t sz = get_u32(s->buf + pos + 4);
    pos += 8;
    if (pos + sz > s->len) return NULL;
    if (kl == strlen(want) && !memcmp(k, want, kl)) {
      memcpy(name, t, tl);
      name[tl] = 0;
      *type = urid_map(NULL, name);
      *size = sz;
      *flags = fl;
      return s->buf + pos;
    }
    pos += sz;
  }
  return NULL;
}

/* Restores a state saveState wrote; returns 0, or the LV2 status (>0), or -3 without the extension. */
JNIEXPORT jint JNICALL Java_org_aetherdsp_lv2_Lv2Native_restoreState(JNIEnv* env, jclass c, jlong handle, jobject in,
                                                                     jint length) {
  (void)c;
  Host* host = (Host*)(intptr_t)handle;
  if (!host->state || !host->state->restore) {
    return -3;
  }
  StateIn s = {(*env)->GetDirectBufferAddress(env, in), (uint32_t)length};
  LV2_Feature f[2];
  const LV2_Feature* list[6];
  state_features(host, f, list);
  return (jint)host->state->restore(host->h, retrieve, &s, 0, list);
}
