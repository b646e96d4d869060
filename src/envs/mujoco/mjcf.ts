// A typed description of a MuJoCo model (the subset of MJCF our models use) and its emission as MJCF text.

/** Three numbers: a position, a direction or a vector. */
export type Vec3 = readonly [number, number, number];

/** `<compiler>`: how the description's numbers are read. */
export interface CompilerSpec {
  /** The unit of joint ranges and `axisangle` angles. */
  angle: 'degree' | 'radian';
  /** Infer masses and inertias from the geoms (at density 1000). */
  inertiafromgeom?: boolean;
  /** Rescale all masses so that they sum to this, kg. */
  settotalmass?: number;
}

/** `<option>`: the simulation settings. */
export interface OptionSpec {
  /** Integration time step, s. */
  timestep: number;
  /** m/s^2 (MuJoCo's default `0 0 -9.81`). */
  gravity?: Vec3;
  /** MuJoCo's default is `Euler` (semi-implicit). */
  integrator?: 'Euler' | 'RK4';
}

/** Joint attributes that may be set in `<default>` or on a joint. */
export interface JointAttributes {
  type?: 'hinge' | 'slide';
  /** Rotation or translation axis, in the body frame. */
  axis?: Vec3;
  pos?: Vec3;
  /** Whether `range` applies. */
  limited?: boolean;
  /** Joint limits, in the compiler's `angle` unit for hinges, m for slides. */
  range?: readonly [number, number];
  /** The reference position (qpos of the model's zero configuration). */
  ref?: number;
  /** Spring stiffness (toward `ref`), N m/rad or N/m. */
  stiffness?: number;
  /** Viscous damping, N m s/rad or N s/m. */
  damping?: number;
  /** Rotor inertia added to the joint's diagonal mass, kg m^2. */
  armature?: number;
  /** Solver impedance / reference of the joint limit. */
  solimplimit?: readonly number[];
  solreflimit?: readonly number[];
}

/** Geom attributes that may be set in `<default>` or on a geom. */
export interface GeomAttributes {
  type?: 'plane' | 'capsule' | 'sphere' | 'box';
  /** Type-dependent sizes (capsule: radius, half-length; plane: half-x, half-y, grid spacing). */
  size?: readonly number[];
  pos?: Vec3;
  /** Orientation as a quaternion (w, x, y, z). */
  quat?: readonly [number, number, number, number];
  /** Orientation as an axis and an angle (in the compiler's `angle` unit). */
  axisangle?: readonly [number, number, number, number];
  /** A capsule from one point to another (overrides pos, orientation and half-length). */
  fromto?: readonly [number, number, number, number, number, number];
  /** Contact bit masks: two geoms collide when `contype` of one meets `conaffinity` of the other. */
  contype?: number;
  conaffinity?: number;
  /** Contact dimensionality: 1 frictionless, 3 sliding friction. */
  condim?: number;
  /** Sliding, torsional and rolling friction (missing components keep their defaults). */
  friction?: readonly number[];
  /** Contact activation distance, m. */
  margin?: number;
  solimp?: readonly number[];
  solref?: readonly number[];
  /** Colour (rendering only). */
  rgba?: readonly [number, number, number, number];
}

/** Motor attributes that may be set in `<default>` or on a motor. */
export interface MotorAttributes {
  /** Whether `ctrl` is clamped to `ctrlrange` inside MuJoCo. */
  ctrllimited?: boolean;
  ctrlrange?: readonly [number, number];
  /** Torque (or force) per unit of control. */
  gear?: number;
}

/** A named joint of a body: MJCF `<joint>`. */
export interface JointSpec extends JointAttributes {
  name: string;
}

/** A named geom of a body: MJCF `<geom>`. */
export interface GeomSpec extends GeomAttributes {
  name: string;
}

/** A body: its frame, joints (to its parent) and geoms, then its children. */
export interface BodySpec {
  name: string;
  /** Position in the parent's frame. */
  pos: Vec3;
  joints: readonly JointSpec[];
  geoms: readonly GeomSpec[];
  children: readonly BodySpec[];
}

/** A motor actuator on a joint: MJCF `<motor>`. */
export interface MotorSpec extends MotorAttributes {
  /** The actuator's name (defaults to none). */
  name?: string;
  /** The actuated joint. */
  joint: string;
}

/**
 * A whole model. Element order is significant (it fixes the qpos layout, the actuator order and the order
 * of contacts), so bodies, joints, geoms and motors are lists.
 */
export interface ModelSpec {
  model: string;
  compiler: CompilerSpec;
  option: OptionSpec;
  defaults: { joint?: JointAttributes; geom?: GeomAttributes; motor?: MotorAttributes };
  /** Geoms fixed to the world (floor, rail). */
  worldGeoms: readonly GeomSpec[];
  bodies: readonly BodySpec[];
  motors: readonly MotorSpec[];
}

type Value = string | number | boolean | readonly number[] | undefined;

/** A number as MJCF text: the shortest decimal that reads back as the same float64, so nothing is rounded. */
function formatNumber(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`emitMjcf: attribute values must be finite, received ${x}`);
  return String(x);
}

function attributes(values: Readonly<Record<string, Value>>): string {
  let out = '';
  for (const [key, v] of Object.entries(values)) {
    if (v === undefined) continue;
    const text = typeof v === 'number' ? formatNumber(v) : typeof v === 'string' ? v : typeof v === 'boolean' ? String(v) : v.map(formatNumber).join(' ');
    out += ` ${key}="${text}"`;
  }
  return out;
}

function emitBody(body: BodySpec, indent: string, lines: string[]): void {
  lines.push(`${indent}<body${attributes({ name: body.name, pos: body.pos })}>`);
  const inner = `${indent}  `;
  for (const joint of body.joints) lines.push(`${inner}<joint${attributes({ ...joint })}/>`);
  for (const geom of body.geoms) lines.push(`${inner}<geom${attributes({ ...geom })}/>`);
  for (const child of body.children) emitBody(child, inner, lines);
  lines.push(`${indent}</body>`);
}

/**
 * The MJCF text of a model description, ready for MuJoCo's compiler.
 * @example emitMjcf(HALF_CHEETAH_MODEL).startsWith('<mujoco model="half_cheetah">') // true
 */
export function emitMjcf(spec: ModelSpec): string {
  const lines = [`<mujoco${attributes({ model: spec.model })}>`];
  lines.push(`  <compiler${attributes({ ...spec.compiler })}/>`);
  lines.push(`  <option${attributes({ ...spec.option })}/>`);
  lines.push('  <default>');
  const { joint, geom, motor } = spec.defaults;
  if (joint !== undefined) lines.push(`    <joint${attributes({ ...joint })}/>`);
  if (geom !== undefined) lines.push(`    <geom${attributes({ ...geom })}/>`);
  if (motor !== undefined) lines.push(`    <motor${attributes({ ...motor })}/>`);
  lines.push('  </default>');
  lines.push('  <worldbody>');
  for (const g of spec.worldGeoms) lines.push(`    <geom${attributes({ ...g })}/>`);
  for (const body of spec.bodies) emitBody(body, '    ', lines);
  lines.push('  </worldbody>');
  lines.push('  <actuator>');
  for (const m of spec.motors) lines.push(`    <motor${attributes({ ...m })}/>`);
  lines.push('  </actuator>');
  lines.push('</mujoco>');
  return `${lines.join('\n')}\n`;
}
