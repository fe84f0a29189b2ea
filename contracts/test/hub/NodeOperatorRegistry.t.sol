// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {NodeOperatorRegistry} from "../../src/hub/NodeOperatorRegistry.sol";
import {INodeOperatorRegistry} from "../../src/shared/interfaces/INodeOperatorRegistry.sol";
import {DepositDataRoot} from "../../src/shared/libraries/DepositDataRoot.sol";

contract NodeOperatorRegistryTest is Test {
    NodeOperatorRegistry internal registry;
    address internal admin = makeAddr("admin");
    address internal pool = makeAddr("pool");
    address internal attacker = makeAddr("attacker");

    function setUp() public {
        registry = new NodeOperatorRegistry(admin, 5000);
        vm.prank(admin);
        registry.setPool(pool);
    }

    // ------------------------------------------------------------------ admin

    function test_addOperator_admin_succeeds() public {
        vm.expectEmit(address(registry));
        emit INodeOperatorRegistry.OperatorAdded(0, "a", makeAddr("a"));
        uint256 id = _op("a", 0);
        INodeOperatorRegistry.Operator memory op = registry.getOperator(id);
        assertEq(op.name, "a");
        assertEq(op.rewardAddress, makeAddr("a"));
        assertTrue(op.active);
        assertEq(registry.operatorCount(), 1);
    }

    function test_addOperator_invalid_reverts() public {
        vm.startPrank(admin);
        vm.expectRevert(INodeOperatorRegistry.NodeOperatorRegistry_EmptyName.selector);
        registry.addOperator("", makeAddr("a"));
        vm.expectRevert(INodeOperatorRegistry.NodeOperatorRegistry_ZeroAddress.selector);
        registry.addOperator("a", address(0));
        vm.stopPrank();
    }

    function test_adminFunctions_notAdmin_reverts() public {
        _op("a", 0);
        bytes32 role = registry.DEFAULT_ADMIN_ROLE();
        bytes[6] memory calls = [
            abi.encodeCall(INodeOperatorRegistry.addOperator, ("x", attacker)),
            abi.encodeCall(INodeOperatorRegistry.setOperatorActive, (0, false)),
            abi.encodeCall(INodeOperatorRegistry.setRewardAddress, (0, attacker)),
            abi.encodeCall(INodeOperatorRegistry.setStakingLimit, (0, 100)),
            abi.encodeCall(INodeOperatorRegistry.setMaxOperatorShare, (10_000)),
            abi.encodeCall(INodeOperatorRegistry.setPool, (attacker))
        ];
        for (uint256 i; i < calls.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, attacker, role)
            );
            vm.prank(attacker);
            (bool ok,) = address(registry).call(calls[i]);
            assertTrue(ok);
        }
    }

    function test_setters_admin_succeeds() public {
        uint256 id = _op("a", 0);
        vm.startPrank(admin);
        vm.expectEmit(address(registry));
        emit INodeOperatorRegistry.OperatorActiveSet(id, false);
        registry.setOperatorActive(id, false);
        vm.expectEmit(address(registry));
        emit INodeOperatorRegistry.OperatorRewardAddressSet(id, address(7));
        registry.setRewardAddress(id, address(7));
        vm.expectEmit(address(registry));
        emit INodeOperatorRegistry.StakingLimitSet(id, 42);
        registry.setStakingLimit(id, 42);
        vm.expectEmit(address(registry));
        emit INodeOperatorRegistry.MaxOperatorShareSet(3000);
        registry.setMaxOperatorShare(3000);
        vm.stopPrank();
        INodeOperatorRegistry.Operator memory op = registry.getOperator(id);
        assertFalse(op.active);
        assertEq(op.rewardAddress, address(7));
        assertEq(op.stakingLimit, 42);
        assertEq(registry.maxOperatorShareBps(), 3000);
    }

    function test_setMaxOperatorShare_invalid_reverts() public {
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(INodeOperatorRegistry.NodeOperatorRegistry_InvalidShare.selector, 0));
        registry.setMaxOperatorShare(0);
        vm.expectRevert(abi.encodeWithSelector(INodeOperatorRegistry.NodeOperatorRegistry_InvalidShare.selector, 10_001));
        registry.setMaxOperatorShare(10_001);
        vm.stopPrank();
    }

    function test_getOperator_unknown_reverts() public {
        vm.expectRevert(abi.encodeWithSelector(INodeOperatorRegistry.NodeOperatorRegistry_UnknownOperator.selector, 3));
        registry.getOperator(3);
    }

    // ------------------------------------------------------------------ addSigningKeys

    function test_addSigningKeys_operator_succeeds() public {
        uint256 id = _op("a", 0);
        (bytes memory pks, bytes memory sigs) = _keys(id, 0, 3);
        vm.expectEmit(address(registry));
        emit INodeOperatorRegistry.SigningKeysAdded(id, 3, 3);
        vm.prank(makeAddr("a"));
        registry.addSigningKeys(id, 3, pks, sigs);

        (bytes memory pk, bytes memory sig) = registry.getSigningKey(id, 2);
        assertEq(pk, _slice(pks, 96, 48));
        assertEq(sig, _slice(sigs, 192, 96));
        assertEq(registry.getOperator(id).totalKeys, 3);
    }

    function test_addSigningKeys_notOperator_reverts() public {
        uint256 id = _op("a", 0);
        (bytes memory pks, bytes memory sigs) = _keys(id, 0, 1);
        vm.expectRevert(
            abi.encodeWithSelector(INodeOperatorRegistry.NodeOperatorRegistry_NotOperatorOrAdmin.selector, id, attacker)
        );
        vm.prank(attacker);
        registry.addSigningKeys(id, 1, pks, sigs);
    }

    function test_addSigningKeys_malformed_reverts() public {
        uint256 id = _op("a", 0);
        (bytes memory pks, bytes memory sigs) = _keys(id, 0, 2);
        vm.startPrank(admin);
        vm.expectRevert(abi.encodeWithSelector(INodeOperatorRegistry.NodeOperatorRegistry_InvalidKeyCount.selector, 0, 100));
        registry.addSigningKeys(id, 0, "", "");
        vm.expectRevert(
            abi.encodeWithSelector(INodeOperatorRegistry.NodeOperatorRegistry_InvalidKeyCount.selector, 101, 100)
        );
        registry.addSigningKeys(id, 101, pks, sigs);
        vm.expectRevert(
            abi.encodeWithSelector(INodeOperatorRegistry.NodeOperatorRegistry_InvalidKeysLength.selector, 96, 192, 3)
        );
        registry.addSigningKeys(id, 3, pks, sigs);
        vm.expectRevert(
            abi.encodeWithSelector(INodeOperatorRegistry.NodeOperatorRegistry_InvalidKeysLength.selector, 95, 192, 2)
        );
        registry.addSigningKeys(id, 2, _slice(pks, 0, 95), sigs);
        vm.expectRevert(abi.encodeWithSelector(INodeOperatorRegistry.NodeOperatorRegistry_EmptyKey.selector, 1));
        registry.addSigningKeys(id, 2, bytes.concat(_slice(pks, 0, 48), new bytes(48)), sigs);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ allocateKeys

    function test_allocateKeys_spreadsFewestFirst_succeeds() public {
        uint256 a = _op("a", 10);
        uint256 b = _op("b", 10);
        uint256 c = _op("c", 10);
        (bytes memory aKeys,) = _keys(a, 0, 2);
        (bytes memory bKeys,) = _keys(b, 0, 2);
        (bytes memory cKeys,) = _keys(c, 0, 1);

        bytes32 credentials = bytes32(uint256(0x01) << 248 | 0xc0ffee);
        vm.prank(pool);
        (bytes memory pubkeys, bytes memory signatures, bytes32[] memory roots) = registry.allocateKeys(5, credentials);

        assertEq(pubkeys.length, 5 * 48);
        assertEq(signatures.length, 5 * 96);
        assertEq(roots.length, 5);
        for (uint256 i; i < 5; ++i) {
            bytes32 expected = DepositDataRoot.compute(
                _slice(pubkeys, i * 48, 48), credentials, _slice(signatures, i * 96, 96), 32 ether / 1 gwei
            );
            assertEq(roots[i], expected, "deposit data root");
        }
        // Round robin: a0 b0 c0 a1 b1.
        assertEq(_slice(pubkeys, 0, 48), _slice(aKeys, 0, 48));
        assertEq(_slice(pubkeys, 48, 48), _slice(bKeys, 0, 48));
        assertEq(_slice(pubkeys, 96, 48), _slice(cKeys, 0, 48));
        assertEq(_slice(pubkeys, 144, 48), _slice(aKeys, 48, 48));
        assertEq(_slice(pubkeys, 192, 48), _slice(bKeys, 48, 48));
        assertEq(registry.getOperator(a).depositedKeys, 2);
        assertEq(registry.getOperator(c).depositedKeys, 1);
        assertEq(registry.totalDepositedKeys(), 5);
    }

    /// @dev Once the other operators run dry, the one with keys stops at the max share.
    function test_allocateKeys_maxShareStopsConcentration_reverts() public {
        _op("a", 10);
        _op("b", 1);
        // a0 b0 a1 (2/3 rounds up under 50%: ceil(1.5) = 2), then a would hold 3/4 > 2.
        assertEq(registry.availableKeys(), 3);
        vm.expectRevert(abi.encodeWithSelector(INodeOperatorRegistry.NodeOperatorRegistry_NotEnoughKeys.selector, 4, 3));
        vm.prank(pool);
        registry.allocateKeys(4, bytes32(0));

        vm.prank(admin);
        registry.setMaxOperatorShare(10_000);
        assertEq(registry.availableKeys(), 11);
    }

    function test_allocateKeys_skipsInactiveAndLimited_succeeds() public {
        uint256 a = _op("a", 5);
        uint256 b = _op("b", 5);
        _op("c", 5);
        vm.startPrank(admin);
        registry.setOperatorActive(a, false);
        registry.setStakingLimit(b, 1);
        registry.setMaxOperatorShare(10_000);
        vm.stopPrank();
        assertEq(registry.availableKeys(), 6);
        assertEq(registry.allocatableKeys(2), 2);
        vm.prank(pool);
        registry.allocateKeys(6, bytes32(0));
        assertEq(registry.getOperator(a).depositedKeys, 0);
        assertEq(registry.getOperator(b).depositedKeys, 1);
        assertEq(registry.availableKeys(), 0);
    }

    function test_allocateKeys_notPool_reverts() public {
        _op("a", 1);
        vm.expectRevert(abi.encodeWithSelector(INodeOperatorRegistry.NodeOperatorRegistry_NotPool.selector, attacker));
        vm.prank(attacker);
        registry.allocateKeys(1, bytes32(0));
    }

    // ------------------------------------------------------------------ nextKeys / keysNonce

    /// @dev Deposit guardians check `nextKeys`: it must be exactly what the next allocation hands out.
    function test_nextKeys_matchesAllocation_succeeds() public {
        _op("a", 3);
        _op("b", 2);
        vm.prank(admin);
        registry.setMaxOperatorShare(10_000);
        bytes memory next = registry.nextKeys(4);
        assertEq(next.length, 4 * 48);
        // Asking for more than can be allocated returns what can be.
        assertEq(registry.nextKeys(100).length, 5 * 48);
        vm.prank(pool);
        (bytes memory allocated,,) = registry.allocateKeys(3, bytes32(0));
        assertEq(allocated, _slice(next, 0, 3 * 48), "allocation is a prefix of nextKeys");
        assertEq(registry.nextKeys(1), _slice(next, 3 * 48, 48), "nextKeys moves past allocated keys");
    }

    /// @dev Every change that can alter the next keys moves the nonce, so guardians' signatures lapse.
    function test_keysNonce_changesOnEveryKeySetChange_succeeds() public {
        uint256 nonce = registry.keysNonce();
        uint256 a = _op("a", 3);
        assertEq(registry.keysNonce(), nonce + 3, "addOperator, setStakingLimit, addSigningKeys");
        nonce = registry.keysNonce();
        vm.expectEmit(address(registry));
        emit INodeOperatorRegistry.KeysNonceChanged(nonce + 1);
        vm.startPrank(admin);
        registry.setStakingLimit(a, 2);
        registry.setOperatorActive(a, true);
        registry.setMaxOperatorShare(10_000);
        (bytes memory pks, bytes memory sigs) = _keys(a, 3, 1);
        registry.addSigningKeys(a, 1, pks, sigs);
        vm.stopPrank();
        assertEq(registry.keysNonce(), nonce + 4);
        vm.prank(pool);
        registry.allocateKeys(1, bytes32(0));
        assertEq(registry.keysNonce(), nonce + 5, "allocateKeys");
        // A reward address says nothing about keys: the nonce stays.
        vm.prank(admin);
        registry.setRewardAddress(a, makeAddr("newReward"));
        assertEq(registry.keysNonce(), nonce + 5);
    }

    /// @dev Whatever the key counts, no pick takes an operator past ceil(maxShare x total), and the
    ///      allocation is as even as the keys allow.
    function testFuzz_allocateKeys_respectsMaxShare_succeeds(uint8[4] calldata keys, uint16 share, uint8 count)
        public
    {
        share = uint16(bound(share, 2500, 10_000));
        vm.prank(admin);
        registry.setMaxOperatorShare(share);
        for (uint256 i; i < 4; ++i) {
            _op(string(abi.encode(i)), bound(keys[i], 0, 12));
        }
        uint256 n = bound(count, 0, registry.availableKeys());
        vm.prank(pool);
        registry.allocateKeys(n, bytes32(0));
        for (uint256 i; i < 4; ++i) {
            uint256 dep = registry.getOperator(i).depositedKeys;
            assertLe(dep * 10_000, uint256(share) * n + 9_999, "operator over the max share");
        }
        assertEq(registry.totalDepositedKeys(), n);
    }

    // ------------------------------------------------------------------ rewardRecipients

    function test_rewardRecipients_activeByDeposited_succeeds() public {
        _op("a", 2);
        uint256 b = _op("b", 2);
        _op("c", 2);
        vm.prank(pool);
        registry.allocateKeys(3, bytes32(0));
        vm.prank(admin);
        registry.setOperatorActive(b, false);
        (address[] memory recipients, uint256[] memory weights) = registry.rewardRecipients();
        assertEq(recipients.length, 2);
        assertEq(recipients[0], makeAddr("a"));
        assertEq(recipients[1], makeAddr("c"));
        assertEq(weights[0], 1);
        assertEq(weights[1], 1);
    }

    // ------------------------------------------------------------------ helpers

    function _op(string memory name, uint256 keys) internal returns (uint256 id) {
        vm.startPrank(admin);
        id = registry.addOperator(name, makeAddr(name));
        registry.setStakingLimit(id, uint64(keys));
        if (keys > 0) {
            (bytes memory pks, bytes memory sigs) = _keys(id, 0, keys);
            registry.addSigningKeys(id, keys, pks, sigs);
        }
        vm.stopPrank();
    }

    function _keys(uint256 id, uint256 from, uint256 count) internal pure returns (bytes memory pks, bytes memory sigs) {
        for (uint256 i = from; i < from + count; ++i) {
            bytes32 s = keccak256(abi.encode(id, i));
            pks = bytes.concat(pks, s, bytes16(s));
            sigs = bytes.concat(sigs, s, s, s);
        }
    }

    function _slice(bytes memory data, uint256 start, uint256 length) internal pure returns (bytes memory out) {
        out = new bytes(length);
        for (uint256 i; i < length; ++i) {
            out[i] = data[start + i];
        }
    }
}
