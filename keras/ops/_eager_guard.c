/* The eager fast path of public ops, written in C (see keras/ops/eager.py).
 *
 * A Guard stands in for a public op that the active backend gives an "eager" entry: when
 * the tensor arguments are plain eager tensors of the backend, of one dtype the entry
 * accepts, it calls the entry; otherwise it calls the op's own Python path. It makes the
 * same decisions as the pure-Python guards of eager.py, which stay the reference (and
 * the fallback where this module is not built). In Python the checks cost 60-80 ns a
 * call, a third of a NumPy ufunc on a small array; here they cost a few.
 *
 * Arities (as in eager.py):
 *   unary       op(x)
 *   binary      op(x1, x2)                      both tensors, one dtype
 *   reduction   op(x, axis=..., keepdims=...)   x positional, the rest by keyword
 *   unary_args  op(x, *args, **kwargs)          x the only tensor
 * A call of another form (say a reduction's axis given by position) goes to `fallback`,
 * the Python guard, which handles every form.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h>
#include <structmember.h>

enum { UNARY = 0, BINARY = 1, REDUCTION = 2, UNARY_ARGS = 3 };

typedef struct {
  PyObject_HEAD
  PyObject *tensor;   /* the backend's eager tensor type */
  PyObject *dtypes;   /* the accepted dtypes (a tuple), or None for any */
  PyObject *engine;   /* the registry entry */
  PyObject *op;       /* the op's own path */
  PyObject *fallback; /* the Python guard, for call forms not handled here */
  PyObject *dict;     /* __name__, __doc__, __wrapped__, ... (functools.wraps) */
  int arity;
  vectorcallfunc vectorcall;
} Guard;

static PyObject *DTYPE;    /* "dtype" */
static PyObject *AXIS;     /* "axis" */
static PyObject *KEEPDIMS; /* "keepdims" */

/* The dtype of `x` (a new reference) when `x` is a plain eager tensor of an accepted
 * dtype, else NULL with no error set. */
static PyObject *accepted_dtype(Guard *self, PyObject *x) {
  if ((PyObject *)Py_TYPE(x) != self->tensor) return NULL;
  PyObject *dtype = PyObject_GetAttr(x, DTYPE);
  if (dtype == NULL) {
    PyErr_Clear();
    return NULL;
  }
  if (self->dtypes != Py_None) {
    /* `dtype in dtypes`, as Python does it: identity first (the common dtype leads the
     * tuple), then equality. */
    int found = 0;
    Py_ssize_t n = PyTuple_GET_SIZE(self->dtypes);
    for (Py_ssize_t i = 0; i < n && !found; i++) {
      found = PyTuple_GET_ITEM(self->dtypes, i) == dtype;
    }
    if (!found) found = PySequence_Contains(self->dtypes, dtype);
    if (found != 1) {
      if (found < 0) PyErr_Clear();
      Py_DECREF(dtype);
      return NULL;
    }
  }
  return dtype;
}

/* 1 when every keyword is `axis` or `keepdims`. */
static int reduction_keywords(PyObject *kwnames) {
  if (kwnames == NULL) return 1;
  Py_ssize_t n = PyTuple_GET_SIZE(kwnames);
  for (Py_ssize_t i = 0; i < n; i++) {
    PyObject *name = PyTuple_GET_ITEM(kwnames, i);
    if (name == AXIS || name == KEEPDIMS) continue;
    if (PyUnicode_Compare(name, AXIS) == 0 || PyUnicode_Compare(name, KEEPDIMS) == 0) {
      continue;
    }
    if (PyErr_Occurred()) PyErr_Clear();
    return 0;
  }
  return 1;
}

static PyObject *guard_call(PyObject *callable, PyObject *const *args, size_t nargsf,
                            PyObject *kwnames) {
  Guard *self = (Guard *)callable;
  Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
  int handled = 0;
  switch (self->arity) {
    case UNARY:
      handled = nargs == 1 && kwnames == NULL;
      break;
    case BINARY:
      handled = nargs == 2 && kwnames == NULL;
      break;
    case REDUCTION:
      handled = nargs == 1 && reduction_keywords(kwnames);
      break;
    default: /* UNARY_ARGS */
      handled = nargs >= 1;
  }
  if (!handled) return PyObject_Vectorcall(self->fallback, args, nargsf, kwnames);

  PyObject *dtype = accepted_dtype(self, args[0]);
  if (dtype == NULL) return PyObject_Vectorcall(self->op, args, nargsf, kwnames);
  if (self->arity == BINARY) {
    PyObject *other = accepted_dtype(self, args[1]);
    int same = other == dtype;
    Py_XDECREF(other);
    if (!same) {
      Py_DECREF(dtype);
      return PyObject_Vectorcall(self->op, args, nargsf, kwnames);
    }
  }
  Py_DECREF(dtype);
  PyObject *result = PyObject_Vectorcall(self->engine, args, nargsf, kwnames);
  if (result != NULL) return result;
  /* An entry that raises (a dtype the engine has no kernel for, a bad argument) leaves
   * the call to the op's own path, which converts, widens or raises a clear error.
   * KeyboardInterrupt and other BaseExceptions go through. */
  if (!PyErr_ExceptionMatches(PyExc_Exception)) return NULL;
  PyErr_Clear();
  return PyObject_Vectorcall(self->op, args, nargsf, kwnames);
}

static PyObject *guard_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
  static char *keywords[] = {"arity", "tensor", "dtypes", "engine", "op", "fallback", NULL};
  const char *arity;
  PyObject *tensor, *dtypes, *engine, *op, *fallback;
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "sOOOOO:Guard", keywords, &arity, &tensor,
                                   &dtypes, &engine, &op, &fallback)) {
    return NULL;
  }
  int code;
  if (strcmp(arity, "unary") == 0) {
    code = UNARY;
  } else if (strcmp(arity, "binary") == 0) {
    code = BINARY;
  } else if (strcmp(arity, "reduction") == 0) {
    code = REDUCTION;
  } else if (strcmp(arity, "unary_args") == 0) {
    code = UNARY_ARGS;
  } else {
    PyErr_Format(PyExc_ValueError,
                 "`arity` must be 'unary', 'binary', 'reduction' or 'unary_args'; "
                 "received '%s'.",
                 arity);
    return NULL;
  }
  if (!PyType_Check(tensor)) {
    PyErr_SetString(PyExc_TypeError, "`tensor` must be a type.");
    return NULL;
  }
  if (dtypes != Py_None && !PyTuple_Check(dtypes)) {
    PyErr_SetString(PyExc_TypeError, "`dtypes` must be a tuple or None.");
    return NULL;
  }
  if (!PyCallable_Check(engine) || !PyCallable_Check(op) || !PyCallable_Check(fallback)) {
    PyErr_SetString(PyExc_TypeError, "`engine`, `op` and `fallback` must be callable.");
    return NULL;
  }
  Guard *self = (Guard *)type->tp_alloc(type, 0);
  if (self == NULL) return NULL;
  self->arity = code;
  self->tensor = Py_NewRef(tensor);
  self->dtypes = Py_NewRef(dtypes);
  self->engine = Py_NewRef(engine);
  self->op = Py_NewRef(op);
  self->fallback = Py_NewRef(fallback);
  self->dict = NULL;
  self->vectorcall = guard_call;
  return (PyObject *)self;
}

static int guard_traverse(Guard *self, visitproc visit, void *arg) {
  Py_VISIT(self->tensor);
  Py_VISIT(self->dtypes);
  Py_VISIT(self->engine);
  Py_VISIT(self->op);
  Py_VISIT(self->fallback);
  Py_VISIT(self->dict);
  return 0;
}

static int guard_clear(Guard *self) {
  Py_CLEAR(self->tensor);
  Py_CLEAR(self->dtypes);
  Py_CLEAR(self->engine);
  Py_CLEAR(self->op);
  Py_CLEAR(self->fallback);
  Py_CLEAR(self->dict);
  return 0;
}

static void guard_dealloc(Guard *self) {
  PyObject_GC_UnTrack(self);
  guard_clear(self);
  Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Bound like a Python function when stored on a class, so a guarded op behaves as the
 * function it replaces. */
static PyObject *guard_get(PyObject *self, PyObject *obj, PyObject *type) {
  if (obj == NULL || obj == Py_None) return Py_NewRef(self);
  return PyMethod_New(self, obj);
}

static PyObject *guard_repr(Guard *self) {
  PyObject *name = self->dict ? PyDict_GetItemString(self->dict, "__qualname__") : NULL;
  if (name == NULL) return PyUnicode_FromString("<keras eager guard>");
  return PyUnicode_FromFormat("<function %U (keras eager guard)>", name);
}

static PyMemberDef guard_members[] = {
    {"__vectorcalloffset__", T_PYSSIZET, offsetof(Guard, vectorcall), READONLY, NULL},
    {"__dictoffset__", T_PYSSIZET, offsetof(Guard, dict), READONLY, NULL},
    {"engine", T_OBJECT, offsetof(Guard, engine), READONLY, "the registry entry"},
    {"op", T_OBJECT, offsetof(Guard, op), READONLY, "the op's own path"},
    {NULL},
};

static PyGetSetDef guard_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL},
};

static PyTypeObject GuardType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "keras.ops._eager_guard.Guard",
    .tp_doc = PyDoc_STR("Guard(arity, tensor, dtypes, engine, op, fallback): a public op "
                        "that calls `engine` for qualifying eager tensors, else `op`."),
    .tp_basicsize = sizeof(Guard),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL |
                Py_TPFLAGS_METHOD_DESCRIPTOR,
    .tp_new = guard_new,
    .tp_traverse = (traverseproc)guard_traverse,
    .tp_clear = (inquiry)guard_clear,
    .tp_dealloc = (destructor)guard_dealloc,
    .tp_call = PyVectorcall_Call,
    .tp_vectorcall_offset = offsetof(Guard, vectorcall),
    .tp_dictoffset = offsetof(Guard, dict),
    .tp_descr_get = guard_get,
    .tp_repr = (reprfunc)guard_repr,
    .tp_members = guard_members,
    .tp_getset = guard_getset,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_eager_guard",
    .m_doc = PyDoc_STR("The eager fast path of keras.ops in C (see keras/ops/eager.py)."),
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__eager_guard(void) {
  DTYPE = PyUnicode_InternFromString("dtype");
  AXIS = PyUnicode_InternFromString("axis");
  KEEPDIMS = PyUnicode_InternFromString("keepdims");
  if (DTYPE == NULL || AXIS == NULL || KEEPDIMS == NULL) return NULL;
  if (PyType_Ready(&GuardType) < 0) return NULL;
  PyObject *m = PyModule_Create(&module);
  if (m == NULL) return NULL;
  if (PyModule_AddObjectRef(m, "Guard", (PyObject *)&GuardType) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  return m;
}
