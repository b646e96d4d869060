// The planar one-legged hopper of Erez, Tassa and Todorov (2011), with the dimensions Gymnasium's Hopper-v5 uses.
import type { ModelSpec, Vec3 } from '../mjcf.js';

/** The leg's hinges turn about -y, so a positive torque folds the joint backward. */
const HINGE_AXIS: Vec3 = [0, -1, 0];

/**
 * Hopper: a torso, thigh, leg and foot, each a capsule, moving in the x-z plane. 6 degrees of freedom (root x,
 * z, pitch; thigh, leg, foot hinges), 3 motors of gear 200 clamped to [-1, 1]. The root z slide has reference
 * 1.25 m, so qpos[1] is the torso's height. Contacts have margin 0.001 and are frictionless (condim 1) except
 * against the floor (condim 3). Time step 0.002 s, RK4.
 *
 * NOTE: the lengths are the float64 values of Gymnasium's local-coordinate rewrite of the original global-
 * coordinate model (e.g. 0.19999999999999996, not 0.2): the compiled model, and so every step, is then
 * bit-identical to Gymnasium's.
 */
export const HOPPER_MODEL: ModelSpec = {
  model: 'hopper',
  compiler: { angle: 'degree', inertiafromgeom: true },
  option: { timestep: 0.002, integrator: 'RK4' },
  defaults: {
    joint: { limited: true, armature: 1, damping: 1 },
    geom: { contype: 1, conaffinity: 1, condim: 1, margin: 0.001, solimp: [0.8, 0.8, 0.01], solref: [0.02, 1], rgba: [0.8, 0.6, 0.4, 1] },
    motor: { ctrllimited: true, ctrlrange: [-0.4, 0.4] },
  },
  worldGeoms: [{ name: 'floor', type: 'plane', pos: [0, 0, 0], size: [20, 20, 0.125], conaffinity: 1, condim: 3, rgba: [0.8, 0.9, 0.8, 1] }],
  bodies: [
    {
      name: 'torso',
      pos: [0, 0, 1.25],
      joints: [
        { name: 'rootx', type: 'slide', axis: [1, 0, 0], pos: [0, 0, -1.25], limited: false, armature: 0, damping: 0, stiffness: 0 },
        { name: 'rootz', type: 'slide', axis: [0, 0, 1], pos: [0, 0, -1.25], ref: 1.25, limited: false, armature: 0, damping: 0, stiffness: 0 },
        { name: 'rooty', type: 'hinge', axis: [0, 1, 0], pos: [0, 0, 0], limited: false, armature: 0, damping: 0, stiffness: 0 },
      ],
      geoms: [{ name: 'torso_geom', type: 'capsule', size: [0.05, 0.19999999999999996], friction: [0.9] }],
      children: [
        {
          name: 'thigh',
          pos: [0, 0, -0.19999999999999996],
          joints: [{ name: 'thigh_joint', type: 'hinge', axis: HINGE_AXIS, pos: [0, 0, 0], range: [-150, 0] }],
          geoms: [{ name: 'thigh_geom', type: 'capsule', pos: [0, 0, -0.22500000000000009], size: [0.05, 0.22500000000000003], friction: [0.9] }],
          children: [
            {
              name: 'leg',
              pos: [0, 0, -0.7000000000000001],
              joints: [{ name: 'leg_joint', type: 'hinge', axis: HINGE_AXIS, pos: [0, 0, 0.25], range: [-150, 0] }],
              geoms: [{ name: 'leg_geom', type: 'capsule', size: [0.04, 0.25], friction: [0.9] }],
              children: [
                {
                  name: 'foot',
                  pos: [0.13, 0, -0.35],
                  joints: [{ name: 'foot_joint', type: 'hinge', axis: HINGE_AXIS, pos: [-0.13, 0, 0.1], range: [-45, 45] }],
                  geoms: [
                    // A capsule along x: the z axis turned -90 degrees about y.
                    { name: 'foot_geom', type: 'capsule', pos: [-0.065, 0, 0.1], quat: [0.7071067811865476, 0, -0.7071067811865475, 0], size: [0.06, 0.195], friction: [2] },
                  ],
                  children: [],
                },
              ],
            },
          ],
        },
      ],
    },
  ],
  motors: ['thigh_joint', 'leg_joint', 'foot_joint'].map((joint) => ({ name: joint, joint, ctrllimited: true, ctrlrange: [-1, 1] as const, gear: 200 })),
};
