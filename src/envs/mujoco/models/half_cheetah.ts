// The planar half-cheetah of Wawrzyński (2009), with the dimensions Gymnasium's HalfCheetah-v5 uses.
import type { BodySpec, ModelSpec, Vec3 } from '../mjcf.js';

const Y_AXIS: Vec3 = [0, 1, 0];
const LIMB_RADIUS = 0.046;
const SKIN = [0.9, 0.6, 0.6, 1] as const;

/** One actuated hinge: its spring and damper, its range (rad), and the capsule it carries. */
function limb(
  name: string,
  pos: Vec3,
  joint: { range: readonly [number, number]; stiffness: number; damping: number },
  geom: { pos: Vec3; tilt: number; halfLength: number; skin: boolean },
  children: readonly BodySpec[],
): BodySpec {
  return {
    name,
    pos,
    joints: [{ name, type: 'hinge', axis: Y_AXIS, pos: [0, 0, 0], range: joint.range, stiffness: joint.stiffness, damping: joint.damping }],
    geoms: [
      {
        name,
        type: 'capsule',
        pos: geom.pos,
        axisangle: [0, 1, 0, geom.tilt],
        size: [LIMB_RADIUS, geom.halfLength],
        ...(geom.skin ? { rgba: SKIN } : {}),
      },
    ],
    children,
  };
}

/**
 * HalfCheetah: a 1 m torso with a head, and two legs of three links (thigh, shin, foot), moving in the x-z
 * plane. 9 degrees of freedom (root x, z, pitch; six hinges), 6 motors with gears 120, 90, 60, 120, 60, 30.
 * Masses come from the capsules' volumes, rescaled to a total of 14 kg. Only the floor collides with the body
 * (the limbs' `conaffinity` is 0). Time step 0.01 s, semi-implicit Euler.
 */
export const HALF_CHEETAH_MODEL: ModelSpec = {
  model: 'half_cheetah',
  compiler: { angle: 'radian', inertiafromgeom: true, settotalmass: 14 },
  option: { timestep: 0.01, gravity: [0, 0, -9.81] },
  defaults: {
    joint: { limited: true, armature: 0.1, damping: 0.01, stiffness: 8, solimplimit: [0, 0.8, 0.03], solreflimit: [0.02, 1] },
    geom: { contype: 1, conaffinity: 0, condim: 3, friction: [0.4, 0.1, 0.1], solimp: [0, 0.8, 0.01], solref: [0.02, 1], rgba: [0.8, 0.6, 0.4, 1] },
    motor: { ctrllimited: true, ctrlrange: [-1, 1] },
  },
  worldGeoms: [{ name: 'floor', type: 'plane', pos: [0, 0, 0], size: [40, 40, 40], conaffinity: 1, condim: 3, rgba: [0.8, 0.9, 0.8, 1] }],
  bodies: [
    {
      name: 'torso',
      pos: [0, 0, 0.7],
      joints: [
        { name: 'rootx', type: 'slide', axis: [1, 0, 0], pos: [0, 0, 0], limited: false, armature: 0, damping: 0, stiffness: 0 },
        { name: 'rootz', type: 'slide', axis: [0, 0, 1], pos: [0, 0, 0], limited: false, armature: 0, damping: 0, stiffness: 0 },
        { name: 'rooty', type: 'hinge', axis: Y_AXIS, pos: [0, 0, 0], limited: false, armature: 0, damping: 0, stiffness: 0 },
      ],
      geoms: [
        { name: 'torso', type: 'capsule', fromto: [-0.5, 0, 0, 0.5, 0, 0], size: [LIMB_RADIUS] },
        { name: 'head', type: 'capsule', pos: [0.6, 0, 0.1], axisangle: [0, 1, 0, 0.87], size: [LIMB_RADIUS, 0.15] },
      ],
      children: [
        limb('bthigh', [-0.5, 0, 0], { range: [-0.52, 1.05], stiffness: 240, damping: 6 }, { pos: [0.1, 0, -0.13], tilt: -3.8, halfLength: 0.145, skin: false }, [
          limb('bshin', [0.16, 0, -0.25], { range: [-0.785, 0.785], stiffness: 180, damping: 4.5 }, { pos: [-0.14, 0, -0.07], tilt: -2.03, halfLength: 0.15, skin: true }, [
            limb('bfoot', [-0.28, 0, -0.14], { range: [-0.4, 0.785], stiffness: 120, damping: 3 }, { pos: [0.03, 0, -0.097], tilt: -0.27, halfLength: 0.094, skin: true }, []),
          ]),
        ]),
        limb('fthigh', [0.5, 0, 0], { range: [-1, 0.7], stiffness: 180, damping: 4.5 }, { pos: [-0.07, 0, -0.12], tilt: 0.52, halfLength: 0.133, skin: false }, [
          limb('fshin', [-0.14, 0, -0.24], { range: [-1.2, 0.87], stiffness: 120, damping: 3 }, { pos: [0.065, 0, -0.09], tilt: -0.6, halfLength: 0.106, skin: true }, [
            limb('ffoot', [0.13, 0, -0.18], { range: [-0.5, 0.5], stiffness: 60, damping: 1.5 }, { pos: [0.045, 0, -0.07], tilt: -0.6, halfLength: 0.07, skin: true }, []),
          ]),
        ]),
      ],
    },
  ],
  motors: [
    { name: 'bthigh', joint: 'bthigh', gear: 120 },
    { name: 'bshin', joint: 'bshin', gear: 90 },
    { name: 'bfoot', joint: 'bfoot', gear: 60 },
    { name: 'fthigh', joint: 'fthigh', gear: 120 },
    { name: 'fshin', joint: 'fshin', gear: 60 },
    { name: 'ffoot', joint: 'ffoot', gear: 30 },
  ],
};
