// The cart-pole of Barto, Sutton and Anderson (1983) as a MuJoCo model, with the dimensions Gymnasium's InvertedPendulum-v5 uses.
import type { ModelSpec } from '../mjcf.js';

/** A capsule lying along x: the z axis turned about y (the quaternion is normalised by MuJoCo). */
const ALONG_X = [0.707, 0, 0.707, 0] as const;

/**
 * InvertedPendulum: a cart on a rail (slide joint limited to [-1, 1] m) carrying a 0.6 m pole on a hinge
 * (limited to ±90°). 2 degrees of freedom, 1 motor of gear 100 clamped to [-3, 3]. No contacts (`contype` 0).
 * Time step 0.02 s, RK4.
 */
export const INVERTED_PENDULUM_MODEL: ModelSpec = {
  model: 'inverted_pendulum',
  compiler: { angle: 'degree', inertiafromgeom: true },
  option: { timestep: 0.02, gravity: [0, 0, -9.81], integrator: 'RK4' },
  defaults: {
    joint: { limited: true, armature: 0, damping: 1 },
    geom: { contype: 0, friction: [1, 0.1, 0.1], rgba: [0.7, 0.7, 0, 1] },
    motor: { ctrlrange: [-3, 3] },
  },
  worldGeoms: [{ name: 'rail', type: 'capsule', pos: [0, 0, 0], quat: ALONG_X, size: [0.02, 1], rgba: [0.3, 0.3, 0.7, 1] }],
  bodies: [
    {
      name: 'cart',
      pos: [0, 0, 0],
      joints: [{ name: 'slider', type: 'slide', axis: [1, 0, 0], pos: [0, 0, 0], limited: true, range: [-1, 1] }],
      geoms: [{ name: 'cart', type: 'capsule', pos: [0, 0, 0], quat: ALONG_X, size: [0.1, 0.1] }],
      children: [
        {
          name: 'pole',
          pos: [0, 0, 0],
          joints: [{ name: 'hinge', type: 'hinge', axis: [0, 1, 0], pos: [0, 0, 0], range: [-90, 90] }],
          // The pole leans 1 mm toward +x, so the upright position is slightly unstable.
          geoms: [{ name: 'cpole', type: 'capsule', fromto: [0, 0, 0, 0.001, 0, 0.6], size: [0.049, 0.3], rgba: [0, 0.7, 0.7, 1] }],
          children: [],
        },
      ],
    },
  ],
  motors: [{ name: 'slide', joint: 'slider', ctrllimited: true, ctrlrange: [-3, 3], gear: 100 }],
};
