// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Test} from "forge-std/Test.sol";
import {BeaconDepositContract} from "../../src/local/BeaconDepositContract.sol";
import {IDepositContract} from "../../src/shared/interfaces/IDepositContract.sol";

/// @dev Roots here are computed from the spec's definitions directly (SSZ chunks, a generic
///      merkleize, a full-width tree), not with the library the contract uses.
contract BeaconDepositContractTest is Test {
    /// @dev get_deposit_root() of the mainnet deposit contract before its first deposit.
    bytes32 internal constant EMPTY_DEPOSIT_ROOT = 0xd70a234731285c6804c2a4f56711ddb8c82c99740f207854891028af34e27e5e;

    BeaconDepositContract internal dc;
    bytes internal pubkey;
    bytes internal signature;
    bytes internal creds = abi.encodePacked(bytes1(0x01), bytes11(0), address(0xBEEF));
    bytes32[] internal leaves;

    function setUp() public {
        dc = new BeaconDepositContract();
        pubkey = _bytes("pk", 48);
        signature = _bytes("sig", 96);
        vm.deal(address(this), 10_000 ether);
    }

    // ------------------------------------------------------------------ views

    function test_getDepositRoot_empty_succeeds() public view {
        assertEq(dc.get_deposit_root(), EMPTY_DEPOSIT_ROOT);
        assertEq(dc.get_deposit_count(), hex"0000000000000000");
    }

    function test_supportsInterface_succeeds() public view {
        assertTrue(dc.supportsInterface(0x01ffc9a7));
        assertTrue(dc.supportsInterface(type(IDepositContract).interfaceId));
        assertFalse(dc.supportsInterface(0xffffffff));
    }

    // ------------------------------------------------------------------ deposit

    function test_deposit_validData_succeeds() public {
        bytes32 root = _depositDataRoot(pubkey, creds, signature, 32 ether);
        vm.expectEmit(address(dc));
        emit IDepositContract.DepositEvent(pubkey, creds, hex"0040597307000000", signature, hex"0000000000000000");
        dc.deposit{value: 32 ether}(pubkey, creds, signature, root);

        leaves.push(root);
        assertEq(dc.get_deposit_count(), hex"0100000000000000");
        assertEq(dc.get_deposit_root(), _treeRoot(leaves));
        assertEq(address(dc).balance, 32 ether);
    }

    /// @dev Several deposits of varied amounts: the incremental tree matches a full-width recompute.
    function testFuzz_deposit_treeMatchesFullRecompute_succeeds(uint8 n, uint64 gweiSeed) public {
        n = uint8(bound(n, 1, 9));
        for (uint256 i; i < n; ++i) {
            uint256 amount = (1 ether + uint256(keccak256(abi.encode(gweiSeed, i))) % 64 ether) / 1 gwei * 1 gwei;
            bytes memory pk = _bytes(string(abi.encode("pk", i)), 48);
            bytes memory sig = _bytes(string(abi.encode("sig", i)), 96);
            bytes32 root = _depositDataRoot(pk, creds, sig, amount);
            dc.deposit{value: amount}(pk, creds, sig, root);
            leaves.push(root);
        }
        assertEq(dc.get_deposit_root(), _treeRoot(leaves));
        assertEq(dc.get_deposit_count(), abi.encodePacked(_le64(n)));
    }

    function test_deposit_wrongRoot_reverts() public {
        bytes32 root = _depositDataRoot(pubkey, creds, signature, 32 ether);
        vm.expectRevert(abi.encodeWithSelector(BeaconDeposit_RootMismatch.selector, bytes32(uint256(root) ^ 1), root));
        dc.deposit{value: 32 ether}(pubkey, creds, signature, bytes32(uint256(root) ^ 1));
        // The right root for another amount is the wrong root for this one.
        vm.expectPartialRevert(BeaconDeposit_RootMismatch.selector);
        dc.deposit{value: 31 ether}(pubkey, creds, signature, root);
    }

    function test_deposit_malformedLengths_reverts() public {
        bytes32 root = _depositDataRoot(pubkey, creds, signature, 32 ether);
        vm.expectRevert(abi.encodeWithSelector(BeaconDeposit_InvalidPubkeyLength.selector, 47));
        dc.deposit{value: 32 ether}(_bytes("pk", 47), creds, signature, root);
        vm.expectRevert(abi.encodeWithSelector(BeaconDeposit_InvalidCredentialsLength.selector, 31));
        dc.deposit{value: 32 ether}(pubkey, _bytes("c", 31), signature, root);
        vm.expectRevert(abi.encodeWithSelector(BeaconDeposit_InvalidSignatureLength.selector, 97));
        dc.deposit{value: 32 ether}(pubkey, creds, _bytes("sig", 97), root);
    }

    function test_deposit_badAmount_reverts() public {
        bytes32 root = _depositDataRoot(pubkey, creds, signature, 32 ether);
        vm.expectRevert(abi.encodeWithSelector(BeaconDeposit_AmountTooLow.selector, 1 ether - 1 gwei));
        dc.deposit{value: 1 ether - 1 gwei}(pubkey, creds, signature, root);
        vm.expectRevert(abi.encodeWithSelector(BeaconDeposit_AmountNotGwei.selector, 32 ether + 1));
        dc.deposit{value: 32 ether + 1}(pubkey, creds, signature, root);
        assertEq(dc.get_deposit_count(), hex"0000000000000000");
    }

    // ------------------------------------------------------------------ spec reimplementation

    error BeaconDeposit_InvalidPubkeyLength(uint256 length);
    error BeaconDeposit_InvalidCredentialsLength(uint256 length);
    error BeaconDeposit_InvalidSignatureLength(uint256 length);
    error BeaconDeposit_AmountTooLow(uint256 amount);
    error BeaconDeposit_AmountNotGwei(uint256 amount);
    error BeaconDeposit_RootMismatch(bytes32 given, bytes32 computed);

    /// @dev hash_tree_root(DepositData): each field packed into 32-byte chunks, each composite
    ///      merkleized, then the four field roots merkleized.
    function _depositDataRoot(bytes memory pk, bytes memory wc, bytes memory sig, uint256 amountWei)
        internal
        pure
        returns (bytes32)
    {
        bytes32[] memory fields = new bytes32[](4);
        fields[0] = _merkleize(_chunks(pk));
        fields[1] = bytes32(wc);
        fields[2] = bytes32(_le64(uint64(amountWei / 1 gwei)));
        fields[3] = _merkleize(_chunks(sig));
        return _merkleize(fields);
    }

    /// @dev Zero-padded 32-byte chunks of `data`.
    function _chunks(bytes memory data) internal pure returns (bytes32[] memory out) {
        out = new bytes32[]((data.length + 31) / 32);
        for (uint256 i; i < data.length; ++i) {
            out[i / 32] |= bytes32(uint256(uint8(data[i])) << (8 * (31 - i % 32)));
        }
    }

    /// @dev Pads to a power of two with zero chunks and hashes pairs up to one root.
    function _merkleize(bytes32[] memory chunks) internal pure returns (bytes32) {
        uint256 width = 1;
        while (width < chunks.length) width *= 2;
        bytes32[] memory level = new bytes32[](width);
        for (uint256 i; i < chunks.length; ++i) {
            level[i] = chunks[i];
        }
        while (width > 1) {
            width /= 2;
            for (uint256 i; i < width; ++i) {
                level[i] = sha256(bytes.concat(level[2 * i], level[2 * i + 1]));
            }
        }
        return level[0];
    }

    /// @dev Root of List[DepositData, 2**32]: a depth-32 tree of the (non-empty) leaves, length mixed in.
    function _treeRoot(bytes32[] memory items) internal pure returns (bytes32) {
        bytes32[] memory level = items;
        bytes32 zero;
        for (uint256 h; h < 32; ++h) {
            bytes32[] memory next = new bytes32[]((level.length + 1) / 2);
            for (uint256 i; i < next.length; ++i) {
                bytes32 right = 2 * i + 1 < level.length ? level[2 * i + 1] : zero;
                next[i] = sha256(bytes.concat(level[2 * i], right));
            }
            level = next;
            zero = sha256(bytes.concat(zero, zero));
        }
        return sha256(bytes.concat(level[0], bytes32(_le64(uint64(items.length)))));
    }

    function _le64(uint64 v) internal pure returns (bytes8 out) {
        for (uint256 i; i < 8; ++i) {
            out |= bytes8(bytes1(uint8(v >> (8 * i)))) >> (8 * i);
        }
    }

    function _bytes(string memory seed, uint256 length) internal pure returns (bytes memory out) {
        out = new bytes(length);
        for (uint256 i; i < length; ++i) {
            out[i] = bytes1(uint8(uint256(keccak256(abi.encode(seed, i)))));
        }
    }
}
